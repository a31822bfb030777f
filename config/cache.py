"""Django's Redis cache that degrades to no cache while Redis is unreachable.

The cache only ever holds what can be recomputed (newsroom pages, rate-limit counters,
used TOTP codes), so an outage of Redis must not turn pages into errors. While Redis cannot
be reached every read misses, every write is dropped, and `add` reports success.

The guards are the exception: allauth's rate-limit counters and its record of used TOTP codes
(keys starting with "allauth") fall back to this process's memory while Redis is away. Login,
password-reset and MFA attempts stay limited (per web process, so at most the limit times the
number of processes) and a TOTP code cannot be replayed on the process that took it; nobody is
locked out, since the counters start empty. Pages (the newsroom cache) do not fall back: a
process's own copy could outlive a change made through another process.
After a failure Redis is left alone for `RETRY_AFTER` seconds, so a page does not pay a
connection timeout on each of its cache calls.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 2.0
GUARD_PREFIX = "allauth"  # allauth's rate limits ("allauth:rl:...") and used TOTP codes


def _guards(key) -> bool:
    return isinstance(key, str) and key.startswith(GUARD_PREFIX)


class DegradingRedisCache(RedisCache):
    down_until = 0.0  # shared by every instance of the process: one Redis, one outage
    # The guards' counters while Redis is away (see the module's docstring).
    local = LocMemCache("plenary-redis-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _try(self, fallback, call, *args, **kwargs):
        cls = DegradingRedisCache
        if cls.down_until and time.monotonic() < cls.down_until:
            return self._fallback(fallback, call, args)
        try:
            result = call(*args, **kwargs)
        except UNREACHABLE as error:
            if not cls.down_until:
                logger.warning("Redis cache unreachable; pages are served without it: %r", error)
            cls.down_until = time.monotonic() + RETRY_AFTER
            return self._fallback(fallback, call, args)
        if cls.down_until:
            logger.warning("Redis cache reachable again")
            cls.down_until = 0.0
        return result

    def _fallback(self, fallback, call, args):
        """The same call on this process's memory for a guard's key, else the no-cache answer."""
        if args and _guards(args[0]) and hasattr(self.local, call.__name__):
            return getattr(self.local, call.__name__)(*args)
        return fallback

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
