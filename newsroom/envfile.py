"""
The .env file: read into the environment by manage.py, wsgi.py and asgi.py before Django starts.

The settings never read it themselves, so importing them (as pytest does) sees only the real environment;
conftest.py also points ENV_FILE at /dev/null, so no process the tests start reads a developer's .env.
Variables already in the environment win over the file: a process manager's settings, `make serve`'s and
a test's stay as they were set. Values are taken as written, with no `${NAME}` expansion, as docker's
--env-file and systemd's EnvironmentFile take them, so one file means the same to all three.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent


def env_file():
    """The file to read: ENV_FILE if set (relative to the project folder), else .env beside manage.py."""
    named = os.environ.get("ENV_FILE", "").strip()
    if not named:
        return BASE_DIR / ".env"
    path = BASE_DIR / named  # an absolute ENV_FILE replaces BASE_DIR
    if not path.exists():
        raise ImproperlyConfigured(f"ENV_FILE names {path}, which does not exist.")
    return path


def load_env_file():
    """Read the .env file into os.environ when there is one; returns the file read, or None."""
    path = env_file()
    if not path.exists():
        return None
    load_dotenv(path, override=False, interpolate=False, encoding="utf-8")
    return path
