"""Passwords are hashed with Argon2; one stored before with PBKDF2 is hashed again at its next sign-in."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from newsroom import settings as project_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    """The project's hashers (its settings module, read as written), not the MD5 the other tests use (conftest.py)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_argon2_comes_first_and_the_old_hashers_stay_to_read_old_passwords():
    assert project_settings.PASSWORD_HASHERS[:2] == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_a_new_password_is_hashed_with_argon2(real_hashers):
    user = get_user_model().objects.create_user("asha", password="a long pass phrase")

    assert user.password.startswith("argon2$argon2id$")


def test_a_pbkdf2_password_becomes_argon2_after_one_sign_in(client, real_hashers):
    user = get_user_model().objects.create_user("asha", is_staff=True)
    user.password = make_password("a long pass phrase", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        reverse("admin:login"),
        {"username": "asha", "password": "a long pass phrase", "next": reverse("admin:index")},
        REMOTE_ADDR="198.51.100.7",
    )

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long pass phrase")
