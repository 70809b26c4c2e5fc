"""
Who a reader is, without an account: a browser key (the client's address is the project's, in
newsroom/clients.py, which the admin sign-in's throttle reads too).

The browser key is a random value in a signed, first-party, HTTP-only cookie, set on the responses to a
reader's POSTs (a comment, a report, a like) and never on a page, so pages stay the same for everyone and
cacheable. What is stored with a comment, a like or a rate-limit count is a keyed hash of it
(`reader_key`), never the cookie itself: one browser counts as one reader however many addresses it comes
from, and many readers behind one carrier address (carrier-grade NAT) are told apart. A robot that drops
its cookies is a new browser each time, which is why the per-address and per-email limits stay as a
backstop (docs/comments.md).
"""

import hashlib
import hmac
import secrets

from django.conf import settings

BROWSER_COOKIE = "comments_browser"
BROWSER_COOKIE_SALT = "comments.browser"
BROWSER_COOKIE_MAX_AGE = 365 * 24 * 3600


def browser_id(request):
    """The browser's id from its signed cookie, or None when it has none (or a forged one)."""
    value = request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_COOKIE_SALT)
    return value or None


def reader_key(browser):
    """What is stored for a browser id: a keyed hash, so the database never holds the cookie's value."""
    if not browser:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"comments-reader:{browser}".encode(), hashlib.sha256).hexdigest()


def identify(request):
    """The browser id of this request, a new one when it brings none; pass it to remember_browser()."""
    return browser_id(request) or secrets.token_urlsafe(18)


def remember_browser(response, browser):
    """Set (or renew) the browser cookie on a POST's response. Never call it on a page's response."""
    response.set_signed_cookie(
        BROWSER_COOKIE,
        browser,
        salt=BROWSER_COOKIE_SALT,
        max_age=BROWSER_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
