"""Search in a real Chromium: a reader types in the header's box, gets marked results, and axe finds no barrier."""

import re

import pytest
from playwright.sync_api import expect

from articles.tests.builders import make_article, make_section, make_tag
from tests.browser.support import DESKTOP, MOBILE, axe_violations


@pytest.fixture
def stories():
    bollywood = make_section(name="Bollywood", slug="bollywood")
    make_article(
        section=bollywood,
        headline="Shah Rukh Khan’s new trailer arrives",
        standfirst="Fans of Shah Rukh queued from dawn.",
        tags=[make_tag(name="Trailers")],
    )
    make_article(section=make_section(name="Hollywood", slug="hollywood"), headline="Beyoncé adds tour dates")


def test_a_reader_searches_from_the_header_and_sees_the_words_marked(reader_page, stories):
    reader_page.goto("/")

    box = reader_page.get_by_role("searchbox", name="Search stories")
    box.fill("shah rukh")
    box.press("Enter")

    expect(reader_page).to_have_url(re.compile(r"/search/\?q=shah\+rukh$"))
    expect(reader_page.get_by_role("heading", level=2)).to_have_text(["Shah Rukh Khan’s new trailer arrives"])
    expect(reader_page.locator(".item__snippet mark")).to_have_text(["Shah", "Rukh"])
    expect(reader_page.get_by_role("searchbox", name="Search for")).to_have_value("shah rukh")


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
@pytest.mark.parametrize("query", ["beyonce", "", "zzyzx"], ids=["results", "empty", "none"])
def test_axe_finds_no_accessibility_violations_on_search_pages(new_context, watch, stories, query, viewport):
    # axe-core is injected script, which the strict policy refuses: this context alone bypasses it.
    page = new_context(bypass_csp=True, **viewport).new_page()
    watch(page)

    page.goto(f"/search/?q={query}")

    assert axe_violations(page) == []
