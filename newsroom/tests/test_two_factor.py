"""Two-factor sign-in to the admin (ADMIN_TWO_FACTOR, django-otp's authenticator-app codes), through the real login."""

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

CODE_NEEDED = "Enter the six-digit code your authenticator app shows for this site."


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_TWO_FACTOR = True


def make_account(username, *, superuser=False, authenticator=False):
    """An account whose password is "right-password", with an authenticator app when asked."""
    user = get_user_model().objects.create_user(
        username, password="right-password", is_staff=True, is_superuser=superuser
    )
    if authenticator:
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user


def code_for(user):
    """The code the account's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def sign_in(client, username, code=None, password="right-password"):  # noqa: S107 (the tests' own password)
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(reverse("admin:login"), data, REMOTE_ADDR="198.51.100.7")


def signed_in(client):
    return "_auth_user_id" in client.session


def test_with_two_factor_off_a_superuser_signs_in_with_the_password_alone(client):
    make_account("boss", superuser=True, authenticator=True)

    response = sign_in(client, "boss")

    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_two_factor_on_the_sign_in_page_asks_for_the_code(client, two_factor):
    page = client.get(reverse("admin:login")).content.decode()

    assert (
        '<input type="text" name="otp_token" id="id_otp_token" inputmode="numeric" '
        'autocomplete="one-time-code" maxlength="8">'
    ) in page
    assert "Code from your authenticator app (superusers, and accounts that have one):" in page


def test_a_superuser_signs_in_with_the_password_and_the_code(client, two_factor):
    boss = make_account("boss", superuser=True, authenticator=True)

    response = sign_in(client, "boss", code_for(boss))

    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_superuser_with_the_password_alone_is_asked_for_the_code(client, two_factor):
    make_account("boss", superuser=True, authenticator=True)

    response = sign_in(client, "boss")

    assert response.status_code == 200
    assert CODE_NEEDED in response.content.decode()
    assert not signed_in(client)


def test_a_wrong_code_is_refused(client, two_factor):
    boss = make_account("boss", superuser=True, authenticator=True)
    wrong = f"{(int(code_for(boss)) + 1) % 1_000_000:06d}"

    response = sign_in(client, "boss", wrong)

    assert response.status_code == 200
    assert "That code is not right: enter the one your authenticator app shows now." in response.content.decode()
    assert not signed_in(client)


def test_a_superuser_without_an_authenticator_is_told_how_to_get_one(client, two_factor):
    make_account("boss", superuser=True)

    response = sign_in(client, "boss", "123456")

    assert response.status_code == 200
    assert (
        "Superusers sign in with a code from an authenticator app, and this account has none yet. Ask another "
        "superuser to add one, or run `manage.py add_totp_device boss` on the server."
    ) in response.content.decode()
    assert not signed_in(client)


def test_staff_without_an_authenticator_sign_in_with_the_password_alone(client, two_factor):
    make_account("asha")

    response = sign_in(client, "asha")

    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_with_an_authenticator_need_its_code(client, two_factor):
    asha = make_account("asha", authenticator=True)

    without = sign_in(client, "asha")
    with_code = sign_in(client, "asha", code_for(asha))

    assert without.status_code == 200
    assert CODE_NEEDED in without.content.decode()
    assert with_code.status_code == 302


def test_a_superuser_signed_in_without_a_code_is_sent_to_sign_in_again(client, two_factor):
    """A session from before the switch was turned on, say: it has the password's word only."""
    client.force_login(make_account("boss", superuser=True, authenticator=True))

    response = client.get(reverse("admin:index"))

    assert (response.status_code, response["Location"]) == (302, f"{reverse('admin:login')}?next=/admin/")


def test_wrong_passwords_are_still_throttled_with_two_factor_on(client, two_factor):
    make_account("boss", superuser=True, authenticator=True)
    answers = [sign_in(client, "boss", "123456", password=f"wrong-{attempt}").status_code for attempt in range(10)]

    assert answers == [200] * 9 + [429]
    assert AccessAttempt.objects.get(username="boss").failures_since_start == 10


def test_add_totp_device_gives_the_account_an_authenticator_and_prints_its_address(capsys):
    boss = make_account("boss", superuser=True)

    call_command("add_totp_device", "boss")

    device = TOTPDevice.objects.get(user=boss)
    out = capsys.readouterr().out
    assert device.confirmed is True
    assert device.name == "Authenticator app"
    assert f"  {device.config_url}\n" in out
    assert device.config_url.startswith("otpauth://totp/Newsroom%3Aboss?secret=")


def test_add_totp_device_refuses_an_account_that_does_not_exist():
    with pytest.raises(CommandError, match="There is no account 'nobody'."):
        call_command("add_totp_device", "nobody")
