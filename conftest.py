"""Fixtures every app's tests share. Builders (`make_*`) stay in each app's tests/builders.py."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in many tests (moderators, admin_client, browser logins); the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions of each test go to a folder of its own, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
