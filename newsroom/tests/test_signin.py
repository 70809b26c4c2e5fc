"""The admin sign-in, throttled (django-axes, settings.py "Signing in"), tried through the real admin login."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MESSAGE = (
    "Too many failed sign-ins for this account or from this address. Signing in is paused for 15 minutes: "
    "try again after that. An administrator can lift the pause sooner by deleting it under Axes, Access attempts."
)


def make_staff(username):
    """A staff account whose password is "right-password"."""
    return get_user_model().objects.create_user(username, f"{username}@example.com", "right-password", is_staff=True)


def sign_in(client, username, password, address="198.51.100.7", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        headers=headers,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_from_one_address_then_the_right_one_is_refused_with_the_message(client):
    make_staff("asha")
    answers = [sign_in(client, "asha", f"wrong-{attempt}").status_code for attempt in range(30)]

    response = sign_in(client, "asha", "right-password")

    assert answers == [200] * 9 + [429] * 21
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert MESSAGE in response.content.decode()
    assert not signed_in(client)


def test_the_lockout_page_is_the_admins_with_the_sites_security_headers(client):
    make_staff("asha")
    for attempt in range(10):
        response = sign_in(client, "asha", f"wrong-{attempt}")

    assert response.status_code == 429
    assert "admin/locked_out.html" in [template.name for template in response.templates]
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Frame-Options"] == "DENY"
    assert f'<a href="{reverse("admin:login")}">Back to the sign-in page</a>' in response.content.decode()


def test_another_address_with_the_right_password_for_another_account_still_signs_in(client):
    make_staff("asha")
    make_staff("vikram")
    for attempt in range(30):
        sign_in(client, "asha", f"wrong-{attempt}", address="198.51.100.7")

    response = sign_in(client, "vikram", "right-password", address="203.0.113.20")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert signed_in(client)


def test_the_locked_account_is_refused_from_another_address_too(client):
    make_staff("asha")
    for attempt in range(10):
        sign_in(client, "asha", f"wrong-{attempt}", address=f"198.51.100.{attempt + 1}")

    response = sign_in(client, "asha", "right-password", address="203.0.113.20")

    assert response.status_code == 429
    assert not signed_in(client)


def test_the_locked_address_is_refused_for_another_account_too(client):
    make_staff("vikram")
    for attempt in range(10):
        sign_in(client, f"guess-{attempt}", "wrong", address="198.51.100.7")

    response = sign_in(client, "vikram", "right-password", address="198.51.100.7")

    assert response.status_code == 429
    assert not signed_in(client)


def test_a_forged_x_forwarded_for_does_not_reset_the_count_with_no_proxy_trusted(client):
    make_staff("vikram")
    for attempt in range(10):
        sign_in(client, f"guess-{attempt}", "wrong", address="198.51.100.7", x_forwarded_for=f"192.0.2.{attempt}")

    response = sign_in(client, "vikram", "right-password", address="198.51.100.7", x_forwarded_for="192.0.2.99")

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True).distinct()) == ["198.51.100.7"]


def test_a_forged_x_forwarded_for_does_not_reset_the_count_behind_our_proxy(client, settings):
    """Behind one proxy of ours the client's address is the header's last entry; what it wrote before is ignored."""
    settings.COMMENTS_TRUSTED_PROXY_COUNT = 1
    make_staff("vikram")
    for attempt in range(10):
        sign_in(
            client, f"guess-{attempt}", "wrong", address="10.0.0.2", x_forwarded_for=f"192.0.2.{attempt}, 198.51.100.7"
        )

    locked = sign_in(client, "vikram", "right-password", address="10.0.0.2", x_forwarded_for="192.0.2.99, 198.51.100.7")
    other_reader = sign_in(client, "vikram", "right-password", address="10.0.0.2", x_forwarded_for="203.0.113.20")

    assert locked.status_code == 429
    assert other_reader.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True).distinct()) == ["198.51.100.7"]


def test_after_the_cool_off_the_right_password_signs_in(client):
    make_staff("asha")
    for attempt in range(30):
        sign_in(client, "asha", f"wrong-{attempt}")
    # The clock moved on: the failures happened a minute longer ago than the cool-off.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    response = sign_in(client, "asha", "right-password")

    assert response.status_code == 302
    assert signed_in(client)


def test_a_failed_sign_in_while_paused_does_not_lengthen_the_pause(client):
    make_staff("asha")
    for attempt in range(10):
        sign_in(client, "asha", f"wrong-{attempt}")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    sign_in(client, "asha", "wrong-again")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))

    response = sign_in(client, "asha", "right-password")

    assert response.status_code == 302


def test_a_few_wrong_passwords_then_the_right_one_signs_in(client):
    make_staff("asha")
    for attempt in range(9):
        sign_in(client, "asha", f"wrong-{attempt}")

    response = sign_in(client, "asha", "right-password")

    assert response.status_code == 302
    assert signed_in(client)


def test_the_test_clients_login_works_when_given_a_request(client):
    """Axes needs the request to count by address: client.login passes none unless told to; force_login needs none."""
    make_staff("asha")

    assert client.login(request=HttpRequest(), username="asha", password="right-password") is True
    assert client.get(reverse("admin:index")).status_code == 200
