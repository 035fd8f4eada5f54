"""Django's Redis cache, keeping its Redis client objects instead of making one per call.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` (with its table of response
callbacks) for every cache operation; two operations a page (session and roles) made this a
measurable part of a course page. The clients are thread-safe and share one connection pool.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # django-stubs do not declare the private helpers this reuses.
        this: Any = self
        index = this._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = this._client(
                connection_pool=this._get_connection_pool(write)
            )
        return client


class ReusingRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one client per connection pool."""

    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = ReusingClient
