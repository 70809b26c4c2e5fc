"""The admin's address comes from ADMIN_URL, and signing in lands on the admin whatever `next` says."""

from importlib import import_module, reload

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.urls import clear_url_caches, reverse

from newsroom.tests.test_settings import load_settings

pytestmark = pytest.mark.django_db


def load_urls():
    reload(import_module("newsroom.urls"))
    clear_url_caches()


@pytest.fixture
def admin_at_desk(settings):
    """The site's URLs built again with ADMIN_URL=desk-7f3a/, and again as they were after the test."""
    original = settings.ADMIN_URL
    settings.ADMIN_URL = "desk-7f3a/"
    load_urls()
    yield
    settings.ADMIN_URL = original
    load_urls()


def make_staff(username):
    return get_user_model().objects.create_user(username, password="right-password", is_staff=True)


def sign_in(client, next_url):
    return client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": "asha", "password": "right-password", "next": next_url},
        REMOTE_ADDR="198.51.100.7",
    )


def test_the_admin_answers_at_admin_url_and_not_at_admin(client, admin_at_desk):
    make_staff("asha")

    index = client.get("/desk-7f3a/")
    login = client.get("/desk-7f3a/login/")
    old = client.get("/admin/")
    old_login = client.get("/admin/login/")

    assert (index.status_code, index["Location"]) == (302, "/desk-7f3a/login/?next=/desk-7f3a/")
    assert login.status_code == 200
    assert '<form action="/desk-7f3a/login/" method="post" id="login-form">' in login.content.decode()
    assert (old.status_code, old_login.status_code) == (404, 404)
    assert reverse("admin:index") == "/desk-7f3a/"


def test_signing_in_at_admin_url_lands_on_its_index(client, admin_at_desk):
    make_staff("asha")

    response = sign_in(client, "https://evil.example/")

    assert (response.status_code, response["Location"]) == (302, "/desk-7f3a/")


def test_the_admin_is_at_admin_by_default(tmp_path):
    result = load_settings(tmp_path, show="s.ADMIN_URL")

    assert result.stdout == "admin/\n"


@pytest.mark.parametrize("value", ["/admin/", "admin", "desk 7/", "desk//", "../desk/", "https://evil.example/"])
def test_an_admin_url_that_is_not_a_path_ending_in_a_slash_refuses_to_start(tmp_path, value):
    result = load_settings(tmp_path, ADMIN_URL=value)

    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: ADMIN_URL must be a path such as admin/ or desk-7f3a/: letters, digits, - and _ in "
        f"segments that each end with /, with no / at the start, not {value!r}."
    ) in result.stderr


def test_a_nested_admin_url_is_accepted(tmp_path):
    result = load_settings(tmp_path, show="s.ADMIN_URL", ADMIN_URL="staff/desk/")

    assert result.stdout == "staff/desk/\n"


def test_signing_in_with_an_unsafe_next_lands_on_the_admin_index(client):
    make_staff("asha")

    response = sign_in(client, "https://evil.example/")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get(response["Location"]).status_code == 200


def test_signing_in_with_a_safe_next_goes_there(client):
    make_staff("asha")

    response = sign_in(client, "/admin/articles/article/")

    assert (response.status_code, response["Location"]) == (302, "/admin/articles/article/")


def test_a_page_that_needs_an_account_sends_the_visitor_to_the_admins_sign_in():
    assert redirect_to_login("/preview/x/")["Location"] == "/admin/login/?next=/preview/x/"
