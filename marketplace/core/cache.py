"""The cache backend for Redis that keeps the site up when Redis is not.

Redis holds copies and counters, never the only record of anything, so an outage must not take
pages down. Django's RedisCache raises on every call while Redis is unreachable; this backend
catches the connection errors and carries on with a cache of its own process instead (a
LocMemCache), so:

- pages render: a read is a miss, the value is worked out again and kept in this process;
- rate limits still hold, per process: the counters (ours, marketplace.core.ratelimit, and
  allauth's for sign-in) count in this process's memory, so during an outage a visitor gets
  the limit once per web process instead of once for the whole site;
- an outage costs one failed connection every few seconds (OPTIONS "retry_seconds", default
  RETRY_SECONDS) per process, not one per call:
  between two attempts every call goes straight to the process's own cache.

When Redis answers again the process goes back to it by itself. Two things keep it from
serving stale copies afterwards: the keys this process wrote or deleted during the outage
(say, a page's cached route that an editor's change forgot) are deleted from Redis first, and
the process's own cache is emptied, so the next outage starts from nothing. What another
process changed in its own memory during the outage is not seen by this one until the entry's
timeout: every cached value here has one.

socket_connect_timeout and socket_timeout (settings: CACHES OPTIONS) bound how long one
attempt can take when Redis is not refusing but silent (a dead host)."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5
# The process's own cache during an outage, and how many written keys it remembers to delete
# from Redis when it is back (past that, those entries are left to their timeouts).
FALLBACK_MAX_ENTRIES = 10_000
MAX_REMEMBERED_KEYS = 10_000


class _Outage:
    """Per process and Redis location, shared by the backend objects of every thread (Django
    makes one per thread)."""

    def __init__(self, location: str, timeout):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.written: set[str] = set()
        self.fallback = LocMemCache(
            f"valund-redis-fallback:{location}", {"TIMEOUT": timeout, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}}
        )


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str, timeout) -> _Outage:
    with _outages_lock:
        if location not in _outages:
            _outages[location] = _Outage(location, timeout)
        return _outages[location]


class PooledRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis (with its ~170 response callbacks) for every
    cache operation, about 0.5 ms where a bare GET takes 0.15 ms; this one keeps one per
    connection pool. A redis.Redis is safe to share between threads (each command takes a
    connection from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class FailSoftRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that falls back to a per-process cache while
    Redis is unreachable (see the module's docstring), with one Redis client per connection
    pool (PooledRedisCacheClient)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        # Ours, not a Redis connection option: how long to go without Redis after a failure.
        self.retry_seconds = options.pop("retry_seconds", RETRY_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = PooledRedisCacheClient
        self.outage = _outage_for(",".join(self._servers), params.get("TIMEOUT", 300))

    @property
    def is_down(self) -> bool:
        return self.outage.down_since is not None

    def _redis_usable(self) -> bool:
        """False during an outage until the next attempt is due; that attempt deletes from Redis
        what this process wrote meanwhile (or just pings it), and ends the outage if it works."""
        outage = self.outage
        if outage.down_since is None:
            return True
        if time.monotonic() < outage.retry_at:
            return False
        with outage.lock:
            if outage.down_since is None:
                return True
            outage.retry_at = time.monotonic() + self.retry_seconds  # one thread tries, the others wait
            written = list(outage.written)
        try:
            if written:
                self._cache.delete_many(written)
            else:
                self._cache.get_client(write=True).ping()
        except REDIS_DOWN:
            return False
        with outage.lock:
            seconds = time.monotonic() - outage.down_since
            outage.down_since = None
            outage.written.difference_update(written)
            outage.fallback.clear()
        logger.warning("Redis cache is back after %.0f s; %d keys written meanwhile were reset", seconds, len(written))
        return True

    def _went_down(self, exc: Exception) -> None:
        outage = self.outage
        with outage.lock:
            outage.retry_at = time.monotonic() + self.retry_seconds
            if outage.down_since is not None:
                return
            outage.down_since = time.monotonic()
        logger.warning(
            "Redis cache unreachable (%s): using this process's own cache, next attempt in %g s",
            type(exc).__name__, self.retry_seconds,
        )

    def _remember(self, keys, version) -> None:
        outage = self.outage
        with outage.lock:
            for key in keys:
                if len(outage.written) >= MAX_REMEMBERED_KEYS:
                    break
                outage.written.add(self.make_key(key, version=version))

    def _call(self, name: str, args: tuple, *, writes=(), version=None):
        """RedisCache's `name`, or the fallback's while Redis is unreachable. `writes`: the keys
        the call changes, to reset in Redis when it is back."""
        if self._redis_usable():
            try:
                return getattr(super(), name)(*args, version=version) if name != "clear" else super().clear()
            except REDIS_DOWN as exc:
                self._went_down(exc)
        if writes:
            self._remember(writes, version)
        fallback = self.outage.fallback
        if name == "clear":
            fallback.clear()
            return True  # as Redis's FLUSHDB answers
        return getattr(fallback, name)(*args, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", (key, value, timeout), writes=(key,), version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", (key, default), version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", (key, value, timeout), writes=(key,), version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", (key, timeout), writes=(key,), version=version)

    def delete(self, key, version=None):
        return self._call("delete", (key,), writes=(key,), version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", (keys,), version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", (key,), version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", (key, delta), writes=(key,), version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", (data, timeout), writes=tuple(data), version=version)

    def delete_many(self, keys, version=None):
        keys = tuple(keys)
        return self._call("delete_many", (keys,), writes=keys, version=version)

    def clear(self):
        return self._call("clear", ())
