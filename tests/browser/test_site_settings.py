"""The site settings as a reader meets them: the logo, the footer's profiles and links, the app promotion under
the story, within the strict CSP, loading nothing from another host, with no accessibility barrier."""

import pytest
from playwright.sync_api import expect

from articles.site_settings import update_site_settings
from articles.tests.builders import image_bytes, make_article, make_image, upload
from tests.browser.support import DESKTOP, MOBILE, axe_violations

APP_TEXT = (
    "Download the Newsroom app for the latest Bollywood & entertainment news, hot celebrity photos, lifestyle, "
    "fashion & beauty, Hollywood, K-Drama…"
)


@pytest.fixture
def story():
    update_site_settings(
        logo=make_image(alt_text="Newsroom logo", file=upload("logo.png", image_bytes(size=(320, 120)))),
        tagline="Entertainment news, written by people.",
        instagram_url="https://www.instagram.com/newsroom/",
        youtube_url="https://www.youtube.com/@newsroom",
        app_promotion_heading="Get the Newsroom app",
        app_promotion_text=APP_TEXT,
        app_store_url="https://apps.apple.com/app/id123456789",
        google_play_url="https://play.google.com/store/apps/details?id=com.example.newsroom",
        footer_links=[("Fashion & beauty", "/fashion-beauty/"), ("Lifestyle", "/lifestyle/")],
    )
    return make_article(headline="Alia Bhatt announces her next film", hero_image=make_image())


def test_the_article_page_shows_the_logo_the_app_promotion_and_the_footer_links(reader_page, story):
    reader_page.goto(story.get_absolute_url())

    logo = reader_page.locator(".site-name__logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0") is True
    promotion = reader_page.get_by_role("complementary", name="Get the Newsroom app")
    expect(promotion).to_contain_text(APP_TEXT)
    expect(promotion.get_by_role("link", name="Download on the App Store")).to_have_attribute(
        "href", "https://apps.apple.com/app/id123456789"
    )
    footer = reader_page.get_by_role("contentinfo")
    expect(footer.get_by_role("navigation", name="Newsroom elsewhere").get_by_role("link")).to_have_text(
        ["Instagram", "YouTube"]
    )
    expect(footer.get_by_role("navigation", name="About Newsroom").get_by_role("link")).to_have_text(
        ["Fashion & beauty", "Lifestyle"]
    )


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
def test_axe_finds_no_violation_on_an_article_page_with_every_site_setting(new_context, watch, story, viewport):
    page = new_context(bypass_csp=True, **viewport).new_page()
    watch(page)

    page.goto(story.get_absolute_url())

    assert axe_violations(page) == []
