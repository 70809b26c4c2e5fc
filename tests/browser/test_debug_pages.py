"""Django's technical 404 (DEBUG on) shows styled under the strict policy, with no CSP violation."""

import pytest


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.django_db(transaction=True)
def test_the_technical_404_shows_with_its_own_style_and_no_csp_violation(debug, reader_page):
    response = reader_page.goto("/no-such-section/")

    assert response.status == 404
    assert reader_page.locator("h1").inner_text() == "Page not found (404)"
    # The page's own inline style applied: a pale yellow summary on a grey page, not the browser's white.
    summary_background = reader_page.locator("#summary").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    body_background = reader_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (summary_background, body_background) == ("rgb(255, 255, 204)", "rgb(238, 238, 238)")
