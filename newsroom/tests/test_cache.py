"""The shared cache on a real Redis: run when CACHE_URL (or REDIS_URL) points at one, as CI's PostgreSQL leg
does; `make services` starts one for a developer. The cache-agnostic tests (test_health.py) run on both."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from redis._parsers.hiredis import _HiredisParser

from newsroom.tests.test_settings import BASE_DIR

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "newsroom.redis_cache.RedisCache",
    reason="needs a real Redis: set CACHE_URL=redis://… (CI's PostgreSQL leg does; `make services` starts one)",
)


def in_another_process(code):
    """Run `code` in a fresh Django process with this one's settings, as another application server would."""
    result = subprocess.run(  # noqa: S603 (the test's own code, no outside input)
        [sys.executable, "-c", f"import django; django.setup(); from django.core.cache import cache; {code}"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_what_one_process_caches_another_reads_both_ways():
    mine, theirs = f"test:{uuid.uuid4().hex}:mine", f"test:{uuid.uuid4().hex}:theirs"
    cache.set(mine, "set by the test process", 30)

    seen = in_another_process(f"print(cache.get({mine!r})); cache.set({theirs!r}, 'set by the other process', 30)")

    assert seen == "set by the test process\n"
    assert cache.get(theirs) == "set by the other process"
    cache.delete_many([mine, theirs])


def test_counters_are_atomic_across_processes():
    key = f"test:{uuid.uuid4().hex}:count"
    cache.set(key, 0, 30)

    in_another_process(f"[cache.incr({key!r}) for _ in range(50)]")
    for _ in range(50):
        cache.incr(key)

    assert cache.get(key) == 100
    cache.delete(key)


def test_redis_answers_are_parsed_by_hiredis_with_one_second_timeouts():
    pool = cache._cache.get_client(write=True).connection_pool
    connection = pool.get_connection()
    try:
        assert type(connection._parser) is _HiredisParser
        assert (connection.socket_connect_timeout, connection.socket_timeout) == (1, 1)
    finally:
        pool.release(connection)


def test_a_connection_pool_s_client_is_made_once_and_serves_every_command():
    # Django's backend made a redis-py client per command, most of a page-cache hit's CPU (newsroom/redis_cache.py).
    key = f"test:{uuid.uuid4().hex}:client"
    first = cache._cache.get_client(write=True)

    cache.set(key, "kept", 30)
    cache.get_many([key, f"{key}:missing"])

    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client(key) is first  # one server: reads use the writes' pool
    assert cache.get(key) == "kept"
    cache.delete(key)
