"""PostgreSQL's connections: persistent and checked by default, or Django's pool, never both."""

import copy

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import load_backend

from newsroom.tests.test_settings import load_settings

POSTGRES_URL = "postgres://newsroom@127.0.0.1:5432/newsroom"  # never connected to: settings only
SHOW = "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
SHOW += "s.DATABASES['default'].get('OPTIONS', {}).get('pool'), s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS']"


def test_postgresql_connections_are_kept_ten_minutes_and_checked_before_reuse_by_default(tmp_path):
    result = load_settings(tmp_path, show=SHOW, DATABASE_URL=POSTGRES_URL)

    assert result.stdout == "600 True None False\n"


def test_persistent_connections_take_their_age_and_checks_from_the_environment(tmp_path):
    result = load_settings(tmp_path, show=SHOW, DATABASE_URL=POSTGRES_URL, CONN_MAX_AGE="60", CONN_HEALTH_CHECKS="0")

    assert result.stdout == "60 False None False\n"


def test_database_pool_turns_on_djangos_pool_and_persistent_connections_off(tmp_path):
    result = load_settings(tmp_path, show=SHOW, DATABASE_URL=POSTGRES_URL, DATABASE_POOL="1")

    assert result.stdout == "0 True {'min_size': 1, 'max_size': 4, 'timeout': 10} False\n"


def test_database_pool_with_a_zero_conn_max_age_starts(tmp_path):
    result = load_settings(tmp_path, show=SHOW, DATABASE_URL=POSTGRES_URL, DATABASE_POOL="1", CONN_MAX_AGE="0")

    assert result.stdout == "0 True {'min_size': 1, 'max_size': 4, 'timeout': 10} False\n"


def test_database_pool_with_persistent_connections_refuses_to_start_naming_both(tmp_path):
    result = load_settings(tmp_path, DATABASE_URL=POSTGRES_URL, DATABASE_POOL="1", CONN_MAX_AGE="600")

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_POOL cannot be used with CONN_MAX_AGE=600: the pool "
        "keeps its connections open itself, so unset CONN_MAX_AGE (or set it to 0) or unset DATABASE_POOL."
    )


def test_database_pool_on_sqlite_refuses_to_start(tmp_path):
    result = load_settings(tmp_path, DATABASE_POOL="1")

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_POOL needs a PostgreSQL DATABASE_URL (Django's "
        "connection pool is psycopg's), so unset it for SQLite."
    )


def test_behind_pgbouncer_server_side_cursors_can_be_turned_off(tmp_path):
    result = load_settings(tmp_path, show=SHOW, DATABASE_URL=POSTGRES_URL, DISABLE_SERVER_SIDE_CURSORS="1")

    assert result.stdout == "600 True None True\n"


@pytest.fixture
def pooled_connection(django_db_blocker):
    """A connection to the test database through Django's pool, as DATABASE_POOL=1 sets it up."""
    if connection.vendor != "postgresql":
        pytest.skip("Django's connection pool is PostgreSQL's")
    settings_dict = copy.deepcopy(settings.DATABASES["default"])
    settings_dict["NAME"] = connection.settings_dict["NAME"]  # the test database
    settings_dict["CONN_MAX_AGE"] = 0
    settings_dict["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 4, "timeout": 10}
    pooled = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "pooled")
    with django_db_blocker.unblock():
        # Filled before the test: a first request while the pool is still opening would make it grow.
        pooled.pool.open(wait=True, timeout=10)
        yield pooled
        pooled.close()
        pooled.close_pool()


def test_a_pooled_connection_goes_back_to_the_pool_and_is_reused(pooled_connection):
    with pooled_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        first_backend = cursor.fetchone()[0]
    pooled_connection.close()  # what the end of a request does: back to the pool, not closed
    with pooled_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        second_backend = cursor.fetchone()[0]

    assert second_backend == first_backend
    assert pooled_connection.pool.get_stats()["requests_num"] == 2  # both connections came from the pool
    assert pooled_connection.pool.get_stats()["pool_size"] == 1
