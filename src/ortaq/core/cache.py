"""Django's Redis cache, keeping its Redis client objects instead of making one per call.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` (with its table of response
callbacks) for every cache operation; two operations a page (session and roles) made this a
measurable part of a course page. The clients are thread-safe and share one connection pool.
Several entries are written in one round trip without a transaction (``set_many``).

``counted_once`` keeps a report's figures, counted at most once a minute by one reader at a
time, the others shown the figures already counted with their age.
"""

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils import timezone


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

    def set_many(self, data: Mapping[Any, Any], timeout: Any) -> None:
        """Each key written with its expiry in one command, all in one round trip. Django's
        own writes them in a MULTI transaction with MSET and an EXPIRE per key, three commands
        more for two keys (a page keeps its entries with one), for nothing: each SET with its
        expiry is atomic, and a half-written batch is a cache half filled."""
        if timeout == 0:  # as Django's set: an entry that expires at once is deleted
            self.delete_many(list(data))
            return
        this: Any = self  # django-stubs do not declare the client's serializer
        pipeline = self.get_client(None, write=True).pipeline(transaction=False)
        for key, value in data.items():
            pipeline.set(key, this._serializer.dumps(value), ex=timeout)
        pipeline.execute()


class ReusingRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one client per connection pool."""

    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = ReusingClient

    def get_and_copy(self, key: str, to: str, timeout: int) -> Any:
        """``get_and_copy`` in one round trip: GET, then COPY and EXPIRE on the server (the
        value is not sent back)."""
        source, target = self.make_and_validate_key(key), self.make_and_validate_key(to)
        this: Any = self  # django-stubs do not declare the client
        pipeline = this._cache.get_client(None, write=True).pipeline(transaction=False)
        pipeline.get(source)
        pipeline.copy(source, target, replace=True)
        pipeline.expire(target, timeout)
        value, _copied, _expires = pipeline.execute()
        return None if value is None else this._cache._serializer.loads(value)


def get_and_copy(key: str, to: str, timeout: int) -> Any:
    """The value under ``key`` (None if there is none), written under ``to`` too, to expire
    in ``timeout`` seconds: on Redis in one round trip, elsewhere read then written."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, ReusingRedisCache):
        return backend.get_and_copy(key, to, timeout)
    value = backend.get(key)
    if value is not None:
        backend.set(to, value, timeout)
    return value


def counted_once[T](
    key: str,
    count: Callable[[], T],
    *,
    counted_at: Callable[[T], datetime],
    fresh_seconds: int = 60,
    kept_seconds: int = 3600,
) -> T:
    """What ``count()`` returns, kept in the cache under ``key`` and counted again at most every
    ``fresh_seconds``, by one caller at a time.

    Within ``fresh_seconds`` of its counting (``counted_at`` of the value) the kept value is
    returned. Older, the first caller counts it again while the others are given the value
    already counted, whose page says when it was counted; only when there is none yet does a
    caller wait (up to ``fresh_seconds``) for the one counting it. Reports use it: a country's
    figures are counted once a minute however many methodologists open them.
    """
    kept: T | None = cache.get(key)
    if kept is not None and (timezone.now() - counted_at(kept)).total_seconds() < fresh_seconds:
        return kept
    if cache.add(f"{key}:counting", 1, fresh_seconds):
        try:
            value = count()
            cache.set(key, value, kept_seconds)
            return value
        finally:
            cache.delete(f"{key}:counting")
    if kept is not None:
        return kept
    deadline = time.monotonic() + fresh_seconds
    while time.monotonic() < deadline and cache.get(f"{key}:counting") is not None:
        time.sleep(0.05)
        counted: T | None = cache.get(key)
        if counted is not None:
            return counted
    return count()
