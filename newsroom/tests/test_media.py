"""Uploaded media: served by Django while developing, and with DEBUG off only when SERVE_MEDIA says so."""

import os
import subprocess
import sys

from newsroom.tests.test_settings import BASE_DIR

MEDIA_ROUTE = """
import django
django.setup()
from django.urls import Resolver404, resolve
try:
    print(resolve("/media/renditions/2026/12/red-carpet-800w.webp").url_name)
except Resolver404:
    print("not served")
"""


def media_route(tmp_path, **environment):
    """What /media/… resolves to in a fresh interpreter with exactly this environment."""
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    result = subprocess.run(  # noqa: S603 (the test's own code, no outside input)
        [sys.executable, "-c", MEDIA_ROUTE], cwd=BASE_DIR, env={**env, **environment}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_django_serves_media_while_developing(tmp_path):
    assert media_route(tmp_path) == "media"


def test_with_debug_off_django_serves_no_media_unless_told_to(tmp_path):
    production = {"DEBUG": "0", "SECRET_KEY": "k" * 50}

    assert media_route(tmp_path, **production) == "not served"
    assert media_route(tmp_path, **production, SERVE_MEDIA="1") == "media"
