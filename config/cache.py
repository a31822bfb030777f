"""Django's Redis cache that degrades to no cache while Redis is unreachable.

The cache only ever holds what can be recomputed (newsroom pages, rate-limit counters,
used TOTP codes), so an outage of Redis must not turn pages into errors. While Redis cannot
be reached every read misses, every write is dropped, and `add` reports success, so callers
that take a cache "lock" with `add` (allauth's rate limits, its TOTP replay guard) go ahead
instead of refusing everyone. The consequence, chosen on purpose: during an outage login and
MFA attempts are not rate-limited and a TOTP code could be replayed within its 30-second
window; the site stays usable. After a failure Redis is left alone for `RETRY_AFTER` seconds,
so a page does not pay a connection timeout on each of its cache calls.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 2.0


class DegradingRedisCache(RedisCache):
    down_until = 0.0  # shared by every instance of the process: one Redis, one outage

    def _try(self, fallback, call, *args, **kwargs):
        cls = DegradingRedisCache
        if cls.down_until and time.monotonic() < cls.down_until:
            return fallback
        try:
            result = call(*args, **kwargs)
        except UNREACHABLE as error:
            if not cls.down_until:
                logger.warning("Redis cache unreachable; pages are served without it: %r", error)
            cls.down_until = time.monotonic() + RETRY_AFTER
            return fallback
        if cls.down_until:
            logger.warning("Redis cache reachable again")
            cls.down_until = 0.0
        return result

    def get(self, key, default=None, version=None):
        return self._try(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._try({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try([], super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._try(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # No counter to read: behave as a missing key does.
        result = self._try(None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found")
        return result

    def clear(self):
        return self._try(False, super().clear)
