"""marketplace.core.cache.FailSoftRedisCache against a real, private Redis that is stopped and
started again: every cache call keeps working while it is down, a silent Redis costs one
attempt per pause and not one per call, and on its return the keys written meanwhile are reset
in Redis and the process's own cache is emptied."""

import inspect
import socket
import time

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

from marketplace.core.cache import FailSoftRedisCache
from tests.production.private_services import free_port, private_redis  # noqa: F401

RETRY_SECONDS = 0.3


def make_cache(url, **options) -> FailSoftRedisCache:
    return FailSoftRedisCache(url, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1,
                                                "retry_seconds": RETRY_SECONDS, **options}})


# Each call a page, a rate limit or a task may make, with what it answers on an empty cache.
CALLS = {
    "add": (lambda c: c.add("k", 1), True),
    "get": (lambda c: c.get("k", "default"), "default"),
    "set": (lambda c: c.set("k", 1), None),
    "touch": (lambda c: c.touch("k"), False),
    "delete": (lambda c: c.delete("k"), False),
    "get_many": (lambda c: c.get_many(["k", "l"]), {}),
    "has_key": (lambda c: c.has_key("k"), False),
    "incr": (lambda c: (c.add("k", 1), c.incr("k"))[1], 2),
    "decr": (lambda c: (c.add("k", 1), c.decr("k"))[1], 0),
    "set_many": (lambda c: c.set_many({"k": 1, "l": 2}), []),
    "delete_many": (lambda c: c.delete_many(["k", "l"]), None),
    "get_or_set": (lambda c: c.get_or_set("k", 7), 7),
    "clear": (lambda c: c.clear(), True),
}


def test_every_call_redis_answers_is_covered():
    """A method Django's RedisCache implements and this backend does not would raise on an
    outage: each must be overridden here, and exercised in CALLS."""
    redis_methods = {
        name for name, member in vars(RedisCache).items()
        if inspect.isfunction(member) and not name.startswith("_") and hasattr(BaseCache, name)
    } - {"get_backend_timeout"}
    assert redis_methods <= set(vars(FailSoftRedisCache))
    assert redis_methods <= set(CALLS)


@pytest.mark.parametrize("name", CALLS)
def test_each_call_answers_the_same_with_redis_up_or_down(private_redis, name):  # noqa: F811
    call, expected = CALLS[name]
    up = make_cache(private_redis.url)
    up.clear()
    assert call(up) == expected
    up.clear()

    private_redis.stop()
    down = make_cache(private_redis.url)
    assert call(down) == expected  # the call that finds Redis gone
    assert down.is_down
    down.outage.fallback.clear()
    assert call(down) == expected  # and one during the outage


def test_values_kept_during_the_outage_are_the_process_own(private_redis):  # noqa: F811
    cache = make_cache(private_redis.url)
    private_redis.stop()

    cache.set("route", "the page")
    other_thread_cache = make_cache(private_redis.url)  # Django makes one object per thread

    assert other_thread_cache.get("route") == "the page"


def test_on_return_keys_written_meanwhile_are_reset_in_redis(private_redis):  # noqa: F811
    """A copy forgotten during the outage (an editor changed the page) must not come back from
    Redis afterwards: here Redis saves its data when stopped and has it again on its return."""
    cache = make_cache(private_redis.url)
    cache.set("route", "the old page")
    cache.set("untouched", "still good")
    private_redis.stop(keep_data=True)

    cache.delete("route")  # never reaches Redis
    cache.set("fresh", "only in this process")
    assert cache.is_down
    private_redis.start()
    assert cache._cache.get_client().exists(cache.make_key("route")) == 1  # the old copy is back
    time.sleep(RETRY_SECONDS * 1.5)

    assert cache.get("route") is None
    assert cache.is_down is False
    assert cache.get("untouched") == "still good"
    assert cache.get("fresh") is None  # emptied with the process's cache, never in Redis
    assert cache.outage.fallback.get("route") is None


def test_a_silent_redis_costs_one_attempt_per_pause(private_redis):  # noqa: F811
    """A host that accepts connections and never answers (a hung server): calls must not each
    wait for the socket timeout."""
    port = free_port()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", port))
        silent.listen(100)
        cache = make_cache(f"redis://127.0.0.1:{port}/0", socket_timeout=0.5, retry_seconds=60)

        start = time.monotonic()
        answers = [cache.get(f"k{n}", "miss") for n in range(50)]
        seconds = time.monotonic() - start

    assert answers == ["miss"] * 50
    assert cache.is_down
    assert seconds < 0.5 * 2  # one timed-out attempt, then the process's own cache


def test_it_comes_back_to_a_restarted_redis_by_itself(private_redis):  # noqa: F811
    cache = make_cache(private_redis.url)
    private_redis.stop()
    cache.set("k", "during")
    assert cache.is_down

    private_redis.start()
    time.sleep(RETRY_SECONDS * 1.5)
    cache.set("k", "after")

    assert cache.is_down is False
    assert cache._cache.get_client().exists(cache.make_key("k")) == 1


def test_one_redis_client_serves_every_call_of_a_pool(private_redis):  # noqa: F811
    cache = make_cache(private_redis.url)
    cache.set("k", 1)

    reader, again = cache._cache.get_client("k"), cache._cache.get_client("l")
    writer = cache._cache.get_client("k", write=True)

    assert reader is again and writer is cache._cache.get_client("l", write=True)
    assert cache.get("k") == 1 and cache._cache.get_client("k") is reader
