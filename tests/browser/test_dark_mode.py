"""Dark mode in a real Chromium: a reader whose system is set to dark gets a dark page that axe finds no barrier on."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.services import link_social_posts
from articles.tests.builders import make_article, make_section, make_tag
from comments.tests.builders import make_comment, make_moderator
from social.tests.builders import make_social_post
from tests.browser.support import DESKTOP, MOBILE, axe_violations


@pytest.fixture
def pages():
    """Reader paths by name: home, a section, a story with a social post and comments, its comments, search."""
    section = make_section(name="Bollywood", slug="bollywood")
    post = make_social_post(author_name="Karan Johar", author_handle="karanjohar", text="Koffee is back! #KWK")
    story = make_article(
        section=section,
        headline="Shah Rukh Khan’s new trailer arrives",
        standfirst="Fans of Shah Rukh queued from dawn.",
        body=f"The trailer dropped at noon.\n\n{post.permalink}\n\nRead the [full story](https://example.com/).",
        tags=[make_tag(name="Trailers")],
    )
    link_social_posts(story)
    first = make_comment(article=story, name="Asha", text="Loved the trailer!")
    make_comment(article=story, parent=first, name="Desk", text="Thanks!", user=make_moderator(), is_staff_comment=True)
    make_article(section=section, headline="Beyoncé adds tour dates")
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "article": story.get_absolute_url(),
        "comments": reverse("comments:list", args=[story.pk]),
        "search": "/search/?q=shah+rukh",
    }


def relative_luminance(css_colour):
    """WCAG 2's relative luminance of a computed colour such as "rgb(18, 18, 18)"."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def body_background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
@pytest.mark.parametrize("page_name", ["home", "section", "article", "comments", "search"])
def test_axe_finds_no_accessibility_violations_in_dark_mode(new_context, watch, pages, page_name, viewport):
    # axe-core is injected script, which the strict policy refuses: this context alone bypasses it.
    page = new_context(bypass_csp=True, color_scheme="dark", **viewport).new_page()
    watch(page)

    page.goto(pages[page_name])

    assert relative_luminance(body_background(page)) < 0.2
    assert axe_violations(page) == []


def test_the_article_page_with_a_social_post_and_comments_is_dark_throughout(new_context, watch, pages):
    page = new_context(color_scheme="dark").new_page()
    watch(page)

    page.goto(pages["article"])

    expect(page.locator(".story__body .social-card")).to_contain_text("Koffee is back!")
    expect(page.locator(".comment__badge")).to_have_text("Staff")
    for selector in [".story__body .social-card", ".site-header"]:
        background = page.locator(selector).evaluate("element => getComputedStyle(element).backgroundColor")
        assert relative_luminance(background) < 0.2, selector
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "light dark"


def test_the_page_stays_white_in_light_mode(new_context, watch, pages):
    page = new_context(color_scheme="light").new_page()
    watch(page)

    page.goto(pages["home"])

    assert body_background(page) == "rgb(255, 255, 255)"


def test_a_story_printed_from_a_dark_system_is_black_on_white(new_context, watch, pages):
    page = new_context(color_scheme="dark").new_page()
    watch(page)
    page.goto(pages["article"])

    page.emulate_media(media="print")

    assert body_background(page) == "rgb(255, 255, 255)"
    assert page.locator(".story__standfirst").evaluate("element => getComputedStyle(element).color") == (
        "rgb(51, 51, 51)"
    )
