"""The Redis cache (``core.cache.ReusingRedisCache``, production's with REDIS_URL): several
entries written at once each keep their expiry, as Django's own cache writes them."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.cache.backends.base import BaseCache

from ortaq.core.cache import ReusingRedisCache

LOCATION = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache() -> Iterator[BaseCache]:
    prefix = f"test-{uuid.uuid4().hex}"  # never another run's keys
    made = ReusingRedisCache(LOCATION, {"KEY_PREFIX": prefix})
    try:
        made.set("probe", 1)
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    yield made
    server = redis.Redis.from_url(LOCATION)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def _ttl(cache: Any, key: str) -> int:
    return int(redis.Redis.from_url(LOCATION).ttl(cache.make_key(key)))


def test_entries_written_together_are_read_back_each_with_its_expiry(redis_cache: Any) -> None:
    redis_cache.set_many({"user": {"id": 1}, "grants": frozenset({"a"})}, 100)
    assert redis_cache.get_many(["user", "grants"]) == {"user": {"id": 1}, "grants": {"a"}}
    assert 90 < _ttl(redis_cache, "user") <= 100 and 90 < _ttl(redis_cache, "grants") <= 100
    redis_cache.set_many({"kept": 1}, None)
    assert redis_cache.get("kept") == 1 and _ttl(redis_cache, "kept") == -1  # no expiry
    redis_cache.set_many({"user": 2, "kept": 3}, 0)  # expiring at once: gone, as Django's
    assert redis_cache.get_many(["user", "kept"]) == {}


def test_an_entry_read_and_copied_in_one_round_trip_is_kept_under_both_keys(
    redis_cache: Any,
) -> None:
    redis_cache.set("shared", {"page": 1}, 30)
    assert redis_cache.get_and_copy("shared", "hers", 100) == {"page": 1}
    assert redis_cache.get_many(["shared", "hers"]) == {"shared": {"page": 1}, "hers": {"page": 1}}
    assert 90 < _ttl(redis_cache, "hers") <= 100  # her own expiry, not the shared entry's
    redis_cache.set("shared", {"page": 2}, 30)
    assert redis_cache.get_and_copy("shared", "hers", 100) == {"page": 2}  # replaced
    assert redis_cache.get("hers") == {"page": 2}
    assert redis_cache.get_and_copy("missing", "other", 100) is None
    assert redis_cache.get("other") is None
