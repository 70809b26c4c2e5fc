import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.utils import load_backend

BASE_DIR = Path(__file__).resolve().parents[2]


def load_settings(tmp_path, show="s.SECRET_KEY[:8], s.DEBUG", **environment):
    """Import the settings in a fresh interpreter with exactly this environment; print `show` of them (s)."""
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), **environment}
    return subprocess.run(  # noqa: S603 (the test's own code, no outside input)
        [sys.executable, "-c", f"import newsroom.settings as s; print({show})"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="0")

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_local_production_generates_a_secret_key_once_with_a_warning(tmp_path):
    first = load_settings(tmp_path, DEBUG="0", GENERATE_SECRET_KEY="1")
    second = load_settings(tmp_path, DEBUG="0", GENERATE_SECRET_KEY="1")

    assert first.returncode == 0
    assert "SECRET_KEY is not set: using the generated key" in first.stderr
    assert first.stdout == second.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_platforms_oembed_endpoint_is_replaced_or_turned_off_by_its_own_variable(tmp_path):
    result = load_settings(
        tmp_path,
        show="sorted(s.SOCIAL_OEMBED_ENDPOINTS.items()), s.SOCIAL_OEMBED_TIMEOUT",
        SOCIAL_OEMBED_YOUTUBE="https://oembed.example/youtube",
        SOCIAL_OEMBED_FACEBOOK="",
        SOCIAL_OEMBED_TIMEOUT="5",
    )

    assert result.stdout == "[('facebook', ''), ('youtube', 'https://oembed.example/youtube')] 5.0\n"


def test_a_production_site_that_sends_email_needs_its_address_for_the_links(tmp_path):
    refused = load_settings(tmp_path, DEBUG="0", SECRET_KEY="k" * 50, EMAIL_HOST="smtp.example")
    started = load_settings(
        tmp_path,
        show="s.SITE_URL, s.EMAIL_BACKEND",
        DEBUG="0",
        SECRET_KEY="k" * 50,
        EMAIL_HOST="smtp.example",
        SITE_URL="https://news.example/",
    )

    assert refused.returncode == 1
    assert "ImproperlyConfigured: SITE_URL must be set when the site sends email (EMAIL_HOST is set)" in (
        refused.stderr
    )
    assert started.stdout == "https://news.example django.core.mail.backends.smtp.EmailBackend\n"


def test_emails_are_printed_to_the_console_while_developing(tmp_path):
    result = load_settings(tmp_path, show="s.EMAIL_BACKEND, s.TASKS['default']['BACKEND']", DEBUG="1")

    assert result.stdout == (
        "django.core.mail.backends.console.EmailBackend django_tasks.backends.immediate.ImmediateBackend\n"
    )


def test_a_boolean_setting_with_a_typo_is_refused(tmp_path):
    result = load_settings(tmp_path, DEBUG="nope")

    assert "DEBUG must be true or false, not 'nope'." in result.stderr


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """Opens connections to one new database file, set up exactly as settings.DATABASES["default"] says.

    The test database is in memory, where WAL cannot apply, so these connections are built from the
    site's own settings with only the file name changed (and, where a test asks, an option).
    """
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings apply only when the database is SQLite")
    opened = []

    def connect(**options):
        settings_dict = copy.deepcopy(settings.DATABASES["default"])
        settings_dict["NAME"] = str(tmp_path / "db.sqlite3")
        settings_dict["OPTIONS"].update(options)
        alias = f"sqlite_file_{len(opened)}"
        # Registered like a configured database, so that transaction.atomic(using=alias) finds it.
        connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
        opened.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        yield connect
        for alias in opened:
            connections[alias].close()
            del connections[alias]


def test_a_sqlite_connection_runs_in_wal_mode_with_foreign_keys_and_a_20_second_busy_timeout(sqlite_file):
    with sqlite_file().cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone() == (1,)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone() == (20000,)


def test_a_sqlite_transaction_takes_the_write_lock_when_it_begins_not_at_its_first_write(sqlite_file):
    writer = sqlite_file()
    other_writer = sqlite_file(timeout=0.05)
    other_writer.ensure_connection()

    # The first transaction writes nothing: were transactions DEFERRED, the second BEGIN would go through.
    with (
        transaction.atomic(using=writer.alias),
        pytest.raises(OperationalError, match="database is locked"),
        transaction.atomic(using=other_writer.alias),
    ):
        pass


@pytest.mark.django_db
def test_every_page_gets_the_strict_content_security_policy(client):
    response = client.get("/this-page-does-not-exist/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
