"""The Redis cache degrades to no cache while Redis is unreachable; the login guards fall back to memory."""

import pytest
from django.core.cache import caches

from config.cache import DegradingRedisCache
from tests.live_delivery import free_port


@pytest.fixture
def dead_redis_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "dead": {
            "BACKEND": "config.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    DegradingRedisCache.down_until = 0.0
    yield caches["dead"]
    DegradingRedisCache.down_until = 0.0


def test_reads_miss_writes_are_dropped_and_add_says_yes_while_redis_is_down(dead_redis_cache):
    cache = dead_redis_cache
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("lock", True) is True  # callers that lock with add go ahead
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    with pytest.raises(ValueError):
        cache.incr("counter")


def test_after_one_failure_redis_is_left_alone_for_a_moment(dead_redis_cache, monkeypatch):
    dead_redis_cache.get("k")
    calls = []
    monkeypatch.setattr("django.core.cache.backends.redis.RedisCache.get", lambda *a: calls.append(a))

    assert dead_redis_cache.get("k") is None
    assert calls == []


def test_rate_limits_and_used_totp_codes_fall_back_to_memory_while_redis_is_down(dead_redis_cache):
    """Fail closed where it protects: a login guard still counts, pages still miss."""
    cache = dead_redis_cache
    DegradingRedisCache.local.clear()
    key = "allauth:rl:login_failed:10/m/ip:ip:203.0.113.9"
    cache.set(key, [1.0, 2.0], 60)
    assert cache.get(key, []) == [1.0, 2.0]
    used = "allauth.mfa.totp.used?user=1&code=123456"
    assert cache.add(used, "y", 30) is True
    assert cache.add(used, "y", 30) is False  # the same code again is refused
    cache.set("newsroom:page", "html")
    assert cache.get("newsroom:page") is None


def test_login_is_still_rate_limited_while_redis_is_down(dead_redis_cache, settings, client, delegate_us):
    from django.urls import reverse

    settings.CACHES = {**settings.CACHES, "default": settings.CACHES["dead"]}
    DegradingRedisCache.local.clear()
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    url = reverse("account_login")
    for _ in range(3):
        client.post(url, {"login": delegate_us.email, "password": "wrong"})
    response = client.post(url, {"login": delegate_us.email, "password": "wrong"})
    assert response.status_code == 429 or "Too many" in response.content.decode()
