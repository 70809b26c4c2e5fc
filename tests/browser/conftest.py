"""Real-browser fixtures: Playwright's sync API driving Debian's Chromium against pytest-django's live_server.

One Chromium runs for the whole session; every test gets fresh contexts (cookies, storage, cache) in it.

- `browser`: the session's Chromium.
- `new_context(**options)`: a fresh context on the live server (`page.goto("/")` works); any option of
  `Browser.new_context`, e.g. `new_context(bypass_csp=True, **MOBILE)`. Closed after the test.
- `context`: a fresh context; give it options by indirect parametrisation:
  `@pytest.mark.parametrize("context", [{"bypass_csp": True}], indirect=True)`.
- `page`: a page in `context`, unwatched.
- `watch(page)`: watches a page (see support.PageWatch) and fails the test when it did anything a reader's
  page must not do: request another host (also blocked), violate the CSP, log a console error, open a
  JavaScript dialog. Returns the watch, so a test can look at what it recorded.
- `reader_page`: a watched page in `context`.
- `superuser` and `admin_page`: a watched page in its own context, logged in through the admin's login
  form as a fresh superuser.
- `axe_violations(page)` is in support.py; run it on a page of a `bypass_csp=True` context.

Without Chromium at /usr/bin/chromium (or $CHROMIUM_PATH) these tests are skipped on a developer's machine
and fail in CI (when the CI environment variable is set): CI must never silently skip them.
"""

import os
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, PageWatch, running_in_ci

# The sync Playwright API runs an asyncio event loop in the main thread from the first browser test to
# the end of the session. Django sees that running loop and refuses database access from what it takes
# for async code (SynchronousOnlyOperation), though the tests and fixtures here are plain synchronous
# code: the loop only carries messages to the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).parent
WATCHES = pytest.StashKey[dict]()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    # After the test body has passed, the pages it watched must have behaved: a failure here is the
    # test's own failure, not an error in a fixture's teardown.
    result = yield
    for page_watch in item.stash.get(WATCHES, {}).values():
        page_watch.assert_clean()
    return result


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if running_in_ci():
            pytest.fail(f"{reason}; CI must run the browser tests, not skip them.", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    contexts = []

    def open_context(**options):
        browser_context = browser.new_context(base_url=live_server.url, **options)
        # Ten seconds is an age on this machine; a broken page should fail fast, not after Playwright's 30.
        browser_context.set_default_timeout(10_000)
        contexts.append(browser_context)
        return browser_context

    yield open_context
    for browser_context in contexts:
        browser_context.close()


@pytest.fixture
def context(new_context, request):
    return new_context(**getattr(request, "param", {}))


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def watch(request):
    watches = request.node.stash.setdefault(WATCHES, {})

    def watch_page(page):
        if page not in watches:
            watches[page] = PageWatch(page)
        return watches[page]

    return watch_page


@pytest.fixture
def reader_page(context, watch):
    page = context.new_page()
    watch(page)
    return page


@pytest.fixture
def superuser(django_user_model):
    password = secrets.token_urlsafe(16)
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", password)
    user.raw_password = password
    return user


@pytest.fixture
def admin_page(new_context, watch, superuser):
    page = new_context().new_page()
    watch(page)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(superuser.username)
    page.get_by_label("Password").fill(superuser.raw_password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page
