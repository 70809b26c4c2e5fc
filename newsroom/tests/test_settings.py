import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def load_settings(tmp_path, **environment):
    """Import the settings in a fresh interpreter with exactly this environment."""
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), **environment}
    return subprocess.run(
        [sys.executable, "-c", "import newsroom.settings as s; print(s.SECRET_KEY[:8], s.DEBUG)"],
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


def test_a_boolean_setting_with_a_typo_is_refused(tmp_path):
    result = load_settings(tmp_path, DEBUG="nope")

    assert "DEBUG must be true or false, not 'nope'." in result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone() == (1,)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone() == (20000,)
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


@pytest.mark.django_db
def test_every_page_gets_the_strict_content_security_policy(client):
    response = client.get("/this-page-does-not-exist/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
