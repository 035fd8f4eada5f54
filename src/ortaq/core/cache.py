"""Django's Redis cache, keeping its Redis client objects instead of making one per call.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` (with its table of response
callbacks) for every cache operation; two operations a page (session and roles) made this a
measurable part of a course page. The clients are thread-safe and share one connection pool.

``counted_once`` keeps a report's figures, counted at most once a minute by one reader at a
time, the others shown the figures already counted with their age.
"""

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.cache import cache
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


class ReusingRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one client per connection pool."""

    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = ReusingClient


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
