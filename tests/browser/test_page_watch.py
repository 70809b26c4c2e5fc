"""The watch every reader page runs under catches what it promises to catch; other tests rely on it."""

from newsroom.middleware import policy_header
from tests.browser.support import PageWatch

CSP = policy_header()


def serve_probe(page, html, policy=CSP):
    """Answer /probe/ on the live server's address with this HTML, under the site's real policy by default."""
    headers = {"Content-Security-Policy": policy} if policy else {}
    page.route(
        "**/probe/", lambda route: route.fulfill(status=200, content_type="text/html", headers=headers, body=html)
    )


def test_a_request_to_another_host_is_blocked_and_recorded(page):
    page_watch = PageWatch(page)
    # Without a policy, as on a page whose policy lets a platform's host in: the request itself is caught.
    html = '<!doctype html><title>t</title><img src="https://cdn.example.com/pixel.png" alt="">'
    serve_probe(page, html, policy=None)

    page.goto("/probe/")

    assert page_watch.external_requests == ["GET https://cdn.example.com/pixel.png"]
    assert page.evaluate("document.querySelector('img').naturalWidth") == 0


def test_an_image_from_another_host_is_refused_by_the_policy_and_recorded(page, live_server):
    page_watch = PageWatch(page)
    serve_probe(page, '<!doctype html><title>t</title><img src="https://cdn.example.com/pixel.png" alt="">')

    page.goto("/probe/")

    assert f"img-src blocked https://cdn.example.com/pixel.png at {live_server.url}/probe/:1" in (
        page_watch.csp_violations
    )


def test_an_inline_script_is_recorded_as_a_csp_violation_and_does_not_run(page, live_server):
    page_watch = PageWatch(page)
    serve_probe(page, "<!doctype html><title>t</title><script>document.title = 'ran'</script>")

    page.goto("/probe/")

    assert page.title() == "t"
    assert f"script-src-elem blocked inline at {live_server.url}/probe/:1" in page_watch.csp_violations
    assert page_watch.problems().keys() == {"Content Security Policy violations"}


def test_an_inline_style_attribute_is_recorded_as_a_csp_violation(page, live_server):
    page_watch = PageWatch(page)
    serve_probe(page, '<!doctype html><title>t</title><p style="color: red">red</p>')

    page.goto("/probe/")

    assert f"style-src-attr blocked inline at {live_server.url}/probe/:1" in page_watch.csp_violations


def test_an_alert_is_recorded_and_dismissed(page):
    page_watch = PageWatch(page)
    serve_probe(page, "<!doctype html><title>t</title><p>Hello</p>")
    page.goto("/probe/")

    page.evaluate("alert('xss')")

    assert page_watch.dialogs == ["alert: xss"]


def test_a_console_error_is_recorded(page):
    page_watch = PageWatch(page)
    serve_probe(page, "<!doctype html><title>t</title><p>Hello</p>")
    page.goto("/probe/")

    page.evaluate("console.error('broken')")

    assert page_watch.console_errors[0].startswith("broken")


def test_a_page_that_behaves_has_no_problems(page):
    page_watch = PageWatch(page)
    serve_probe(page, "<!doctype html><title>t</title><p>Hello</p>")

    page.goto("/probe/")

    assert page_watch.problems() == {}
