"""An editor publishes a story through the admin in a real Chromium, under the site's strict CSP."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.tests.builders import make_article, make_image, make_section

HEADLINE = "Shah Rukh Khan’s next film starts shooting in Mumbai"


@pytest.fixture
def hollywood():
    make_section(name="Bollywood", slug="bollywood", position=1)
    return make_section(name="Hollywood", slug="hollywood", position=2)


def test_an_editor_writes_previews_and_publishes_a_story_that_readers_then_see(admin_page, watch, hollywood):
    make_image(alt_text="A red rectangle")
    admin_page.locator("#articles-article").get_by_role("link", name="Articles").click()
    admin_page.get_by_role("link", name="Add article").click()
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Add article")

    admin_page.get_by_label("Headline").press_sequentially(HEADLINE)
    expect(admin_page.get_by_label("Slug")).to_have_value("shah-rukh-khans-next-film-starts-shooting-in-mumbai")
    admin_page.get_by_label("Section").select_option(label="Hollywood")
    admin_page.get_by_role("textbox", name="Body").fill(
        "The cast gathered at dawn.\n\n## What we know\n\nIt is **big**."
    )
    preview = admin_page.frame_locator(".body-editor__frame").locator(".story__body")
    expect(preview.get_by_role("heading", level=2)).to_have_text("What we know")
    expect(preview.locator("strong")).to_have_text("big")
    admin_page.locator(".field-hero_image .select2-selection").click()
    admin_page.locator(".select2-dropdown .select2-search__field").fill("red")
    admin_page.get_by_role("option", name="A red rectangle").click()
    admin_page.get_by_label("Next step").select_option(label="Publish now")
    admin_page.get_by_role("button", name="Save and continue editing").click()

    expect(admin_page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get()
    assert (article.headline, article.section, article.status) == (HEADLINE, hollywood, Article.Status.PUBLISHED)
    assert article.is_published()

    admin_page.get_by_role("link", name="View on site").click()
    admin_page.wait_for_url(f"**{article.get_absolute_url()}")
    expect(admin_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(admin_page.locator(".story__body strong")).to_have_text("big")
    expect(admin_page.locator(".preview-banner")).to_have_count(0)


def test_a_reader_who_is_not_signed_in_sees_the_story_the_editor_published(admin_page, reader_page, hollywood):
    article = make_article(
        section=hollywood, headline=HEADLINE, status=Article.Status.DRAFT, published_at=None, hero_image=make_image()
    )
    reader_page.goto(f"/hollywood/{article.slug}-{article.pk}/")
    expect(reader_page.get_by_role("heading", level=1)).to_have_text("We couldn’t find that page")

    admin_page.goto(f"/admin/articles/article/{article.pk}/change/")
    admin_page.get_by_label("Next step").select_option(label="Publish now")
    admin_page.get_by_role("button", name="Save", exact=True).click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader_page.reload()
    expect(reader_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)


def test_the_admin_pages_an_editor_uses_break_no_content_security_policy(admin_page, hollywood):
    article = make_article(section=hollywood, hero_image=make_image())
    # The login page, the index and the add form are watched in the tests above; these are the others.
    for path in ["/admin/articles/article/", "/admin/articles/image/add/", "/admin/articles/author/add/"]:
        admin_page.goto(path)
        expect(admin_page.locator("#content")).to_be_visible()
    # The watch fails the test on any CSP violation, console error or request to another host; open the
    # widgets that draw themselves with script too: the date picker and an autocomplete.
    admin_page.goto(f"/admin/articles/article/{article.pk}/change/")
    admin_page.get_by_role("link", name="Choose a Date").first.click()
    expect(admin_page.locator(".calendarbox").first).to_be_visible()
    admin_page.keyboard.press("Escape")
    admin_page.locator(".field-tags .select2-selection").click()
    expect(admin_page.locator(".select2-dropdown .select2-results")).to_be_visible()
