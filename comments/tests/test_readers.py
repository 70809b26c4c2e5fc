from django.http import HttpResponse
from django.test import RequestFactory

from comments import readers


def browser_request(response=None):
    request = RequestFactory().post("/")
    if response is not None:
        request.COOKIES = {name: morsel.value for name, morsel in response.cookies.items()}
    return request


def test_a_browser_gets_an_id_on_a_post_and_brings_it_back():
    first = browser_request()
    browser = readers.identify(first)
    response = HttpResponse()
    readers.remember_browser(response, browser)

    assert readers.browser_id(first) is None
    assert readers.browser_id(browser_request(response)) == browser
    cookie = response.cookies[readers.BROWSER_COOKIE]
    assert (cookie["httponly"], cookie["samesite"]) == (True, "Lax")


def test_a_forged_browser_cookie_counts_as_none():
    request = browser_request()
    request.COOKIES = {readers.BROWSER_COOKIE: "someone-else:forged"}

    assert readers.browser_id(request) is None


def test_the_stored_key_is_a_keyed_hash_never_the_cookie():
    key = readers.reader_key("abc")

    assert len(key) == 64
    assert "abc" not in key
    assert key == readers.reader_key("abc") != readers.reader_key("abd")
    assert readers.reader_key(None) == ""
