"""Every response carries the security headers, error pages included (newsroom/views.py's error handlers)."""

import pytest
from django.test import Client

from newsroom.middleware import permissions_policy, policy_header

pytestmark = [pytest.mark.django_db, pytest.mark.urls("newsroom.tests.error_urls")]


def assert_every_security_header(response, settings):
    assert response["Content-Security-Policy"] == policy_header()
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Permissions-Policy"] == permissions_policy(settings.SECURE_PERMISSIONS_POLICY)
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'


def test_the_400_for_a_forged_host_carries_every_security_header(client, settings):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "<h1>We could not read that request</h1>" in response.text
    assert_every_security_header(response, settings)


def test_the_400_for_a_forged_host_carries_them_when_the_https_redirect_is_what_asks_for_it(client, settings):
    # SecurityMiddleware reads the Host for its redirect, above every other middleware.
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert_every_security_header(response, settings)


def test_a_400_from_a_view_carries_every_security_header(client, settings):
    response = client.get("/fails/400/")

    assert response.status_code == 400
    assert_every_security_header(response, settings)


def test_a_403_carries_every_security_header(client, settings):
    response = client.get("/fails/403/")

    assert response.status_code == 403
    assert "<h1>You are not allowed to see this page</h1>" in response.text
    assert_every_security_header(response, settings)


def test_a_404_carries_every_security_header(client, settings):
    raised = client.get("/fails/404/")
    unknown = client.get("/no-such-section/no-such-page/")

    assert (raised.status_code, unknown.status_code) == (404, 404)
    assert "<h1>We couldn’t find that page</h1>" in unknown.text
    assert_every_security_header(raised, settings)
    assert_every_security_header(unknown, settings)


def test_a_500_carries_every_security_header(settings):
    client = Client(raise_request_exception=False)

    response = client.get("/fails/500/")

    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in response.text
    assert_every_security_header(response, settings)
