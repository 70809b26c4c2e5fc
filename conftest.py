"""Fixtures every app's tests share. Builders (`make_*`) stay in each app's tests/builders.py."""

import os
from contextlib import contextmanager

import pytest

from newsroom.tasks import run_queued_tasks
from social.platforms import registry

# No process a test starts (manage.py, gunicorn) reads a developer's .env: the tests' settings are the
# environment's and the tests' own. The settings themselves never read it (newsroom/envfile.py).
os.environ["ENV_FILE"] = os.devnull
# Nor does a server a test starts keep pages: the page cache is off but in its own tests (page_cache_on below).
os.environ.setdefault("PAGE_CACHE", "0")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in many tests (moderators, admin_client, browser logins); the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions of each test go to a folder of its own, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def no_platform_is_asked(settings):
    """Every platform's oEmbed endpoint is a closed port on this machine: no test asks a real platform.

    A test that wants answers points the platforms it needs at a local server of its own
    (social/tests/fixtures.py, OEmbedServer.serve).
    """
    settings.SOCIAL_OEMBED_ENDPOINTS = {platform.slug: "http://127.0.0.1:9/oembed" for platform in registry}


@pytest.fixture
def run_tasks():
    """Run the background tasks queued so far, as the worker would, and return how many ran.

    Under TASK_BACKEND=database (CI's PostgreSQL leg) enqueued tasks wait in their table until this runs
    them; under the immediate backend they ran when they were enqueued, and this runs nothing. A test that
    needs a task's effect calls it after the commit that queued the task.
    """
    return run_queued_tasks


@pytest.fixture
def commit(django_capture_on_commit_callbacks, run_tasks):
    """`with commit():` runs the callbacks a commit would, then the tasks they queued (those that send emails)."""

    @contextmanager
    def committed():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_tasks()

    return committed


@pytest.fixture
def database_tasks(settings):
    """The database backend, whatever TASK_BACKEND says: tasks wait in their table until run_tasks() runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def site_settings_in_the_cache():
    """Every test starts as a running site does: the site settings in the cache, those of a site that has saved
    none (the tests' database starts empty). A test of a cold cache deletes them; each test leaves none behind,
    so no test reads settings another test saved."""
    from django.core.cache import caches

    from articles import site_settings

    # This test's cache, held on to: a test that points CACHES elsewhere has it put back only after this ends.
    cache = caches["default"]
    warm_site_settings(cache)
    yield
    cache.delete(site_settings.CACHE_KEY)


def warm_site_settings(cache):
    from articles import site_settings
    from newsroom.page_cache import generation

    cache.set(site_settings.CACHE_KEY, {**site_settings.snapshot(), "generation": generation()}, timeout=None)


@pytest.fixture(autouse=True)
def repeated_failures_logged_anew():
    """Each test sees the first line of a failure logged once a minute otherwise (newsroom/logs.py)."""
    from newsroom import logs

    logs.LAST_LOGGED.clear()


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """The page cache is off in every test but its own: no test meets a page another request stored."""
    settings.PAGE_CACHE = False


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The page cache on, as `make serve` runs, in a cache the test leaves empty."""
    from django.core.cache import caches

    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache-generation"
    # Empty at the start too: a tag an earlier test bumped less than a second ago (ids repeat from test to
    # test) would keep this test's pages from being stored. The site settings go back in, as for every test.
    caches["default"].clear()
    warm_site_settings(caches["default"])
    yield
    caches["default"].clear()


@pytest.fixture
def refuse_writes(db):
    """Call it to make the test database refuse every write from then on, as a read-only file or a standby does.

    SQLite: `PRAGMA query_only` ("attempt to write a readonly database"), switched off again when the test
    ends, since the connection outlives it. PostgreSQL: the test's transaction made read-only ("cannot
    execute INSERT in a read-only transaction", SQLSTATE 25006), undone by the rollback that ends every test.
    """
    from django.db import connection

    def refuse():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = ON")
            else:
                # The foreign keys' deferred checks first: they read with FOR KEY SHARE, which a read-only
                # transaction refuses, and the test's end would run them.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET TRANSACTION READ ONLY")

    yield refuse
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")
