"""Django's debug pages (DEBUG on) display under the strict policy: each gets the hashes of its own inline code."""

import re

import pytest
from django.http import HttpResponseNotFound
from django.test import Client
from django.urls import path

from newsroom.middleware import inline_code_sources, is_technical_response, policy_header, sha256_source
from newsroom.urls import urlpatterns as site_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def broken_view(request):
    raise ZeroDivisionError("a bug in a view")


# This module is the tests' URLconf: the site's addresses and one view that fails.
urlpatterns = [path("broken/", broken_view), *site_urlpatterns]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def directive(policy, name):
    return next(part.split()[1:] for part in policy.split("; ") if part.split()[0] == name)


def inline_blocks(html, tag):
    return re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)


def test_the_technical_404_allows_exactly_the_hash_of_its_inline_style(client, debug):
    response = client.get("/no-such-section/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "Using the URLconf defined in" in html
    styles = inline_blocks(html, "style")
    assert len(styles) == 1
    policy = response["Content-Security-Policy"]
    assert directive(policy, "style-src") == ["'self'", sha256_source(styles[0])]
    assert directive(policy, "script-src") == ["'self'"]
    assert "unsafe-inline" not in policy


def test_the_technical_500_allows_its_style_its_script_and_its_click_handlers_by_hash(debug):
    response = Client(raise_request_exception=False).get("/broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "ZeroDivisionError" in html
    (style,) = inline_blocks(html, "style")
    (script,) = inline_blocks(html, "script")
    handlers = sorted(set(re.findall(r' onclick="([^"]*)"', html.replace("&#x27;", "'"))))
    assert "return switchPastebinFriendly(this);" in handlers
    policy = response["Content-Security-Policy"]
    assert directive(policy, "style-src") == ["'self'", sha256_source(style)]
    script_src = directive(policy, "script-src")
    assert script_src[:3] == ["'self'", "'unsafe-hashes'", sha256_source(script)]
    assert sorted(script_src[3:]) == sorted(sha256_source(handler) for handler in handlers)
    assert "unsafe-inline" not in policy


def test_a_normal_page_keeps_the_sites_policy_with_debug_on(client, debug):
    response = client.get("/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == policy_header()


def test_with_debug_off_the_404_page_gets_the_sites_policy(client):
    response = client.get("/no-such-section/")

    assert response.status_code == 404
    assert "Using the URLconf" not in response.content.decode()
    assert response["Content-Security-Policy"] == policy_header()


def test_a_page_of_ours_that_answers_404_with_inline_code_is_not_taken_for_a_debug_page(debug):
    # A view returning its own 404 page is not a debug page, whatever it holds.
    page = HttpResponseNotFound('<!doctype html><html lang="en"><head><style>p{}</style></head></html>')

    assert is_technical_response(page) is False


def test_hashes_are_of_exactly_the_inline_code_and_handlers_add_unsafe_hashes():
    html = '<style>a{}</style><script src="/x.js"></script><script>go()</script><a onclick="f(&#x27;1&#x27;)">x</a>'

    assert inline_code_sources(html) == {
        "script-src": ["'unsafe-hashes'", sha256_source("go()"), sha256_source("f('1')")],
        "style-src": [sha256_source("a{}")],
    }
