"""A reader's pages in a real Chromium: they render, load only from this site, and axe-core finds no barrier."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from articles.tests.builders import image_bytes, make_article, make_author, make_image, make_section, make_tag, upload
from tests.browser.support import DESKTOP, MOBILE, axe_violations

HEADLINE = "John Legend’s ‘Never Break’ performance brings the Oscars audience to its feet"


@pytest.fixture
def story():
    """A published story with everything an article page shows, amid a few others in two sections."""
    hollywood = make_section(name="Hollywood", slug="hollywood", description="Film and television news.")
    bollywood = make_section(name="Bollywood", slug="bollywood")
    author = make_author(name="Priya Raman", slug="priya-raman", bio="Film critic.")
    # One small picture shared by the other stories: renditions are the slow part of building the data.
    still = make_image(alt_text="A film still", file=upload("still.jpg", image_bytes(size=(640, 360))))
    for hours in (2, 3, 4):
        make_article(
            section=bollywood,
            headline=f"A Bollywood story {hours} hours old",
            standfirst="What happened, and why it matters.",
            published_at=timezone.now() - timedelta(hours=hours),
            hero_image=still,
            authors=[author],
        )
    make_article(
        section=hollywood, headline="An older Hollywood story", published_at=timezone.now() - timedelta(days=1)
    )
    return make_article(
        section=hollywood,
        headline=HEADLINE,
        slug="john-legend-never-break-performance",
        standfirst="The singer closed the ceremony with a song from his new album.",
        body="The room went quiet.\n\n## A standing ovation\n\nThen it **erupted**.\n\n> The night's best moment.",
        published_at=timezone.now() - timedelta(minutes=30),
        hero_image=make_image(
            alt_text="John Legend at a piano on a dark stage",
            caption="John Legend at the ceremony.",
            credit="Getty Images",
            file=upload("legend.jpg"),
        ),
        authors=[author],
        tags=[make_tag(name="Oscars", slug="oscars")],
    )


def hero_image_state(image):
    return image.evaluate("img => ({complete: img.complete, naturalWidth: img.naturalWidth})")


def test_the_home_page_leads_with_the_newest_story_and_its_hero_image_loads(reader_page, story):
    reader_page.goto("/")

    lead = reader_page.locator(".top-stories > .item--lead")
    expect(lead.get_by_role("heading", level=2)).to_have_text(HEADLINE)
    hero = lead.get_by_role("img", name="John Legend at a piano on a dark stage")
    rendition = story.hero_image.default_rendition
    assert (hero.get_attribute("width"), hero.get_attribute("height")) == (str(rendition.width), str(rendition.height))
    assert hero_image_state(hero)["complete"] is True
    assert hero_image_state(hero)["naturalWidth"] > 0


def test_the_article_page_shows_the_story_and_its_hero_image_loads(reader_page, story):
    reader_page.goto(story.get_absolute_url())

    expect(reader_page).to_have_title(f"{HEADLINE} · Newsroom")
    expect(reader_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader_page.locator(".story__byline")).to_have_text("By Priya Raman")
    expect(reader_page.locator(".story__body h2")).to_have_text("A standing ovation")
    expect(reader_page.locator(".story__hero figcaption")).to_have_text("John Legend at the ceremony. (Getty Images)")
    hero = reader_page.locator(".story__hero img")
    rendition = story.hero_image.default_rendition
    assert (hero.get_attribute("width"), hero.get_attribute("height")) == (str(rendition.width), str(rendition.height))
    # naturalWidth is in CSS pixels: the rendition srcset chose, divided by its density for this layout.
    assert hero_image_state(hero)["complete"] is True
    assert hero_image_state(hero)["naturalWidth"] > 0


def test_a_picture_whose_renditions_are_still_being_written_shows_as_its_original(reader_page, database_tasks):
    # The database backend keeps the renditions task queued: the picture is as readers find it between an
    # editor's upload and the worker's run.
    fresh = make_image(
        renditions=False,
        alt_text="The red carpet a minute ago",
        file=upload("fresh.jpg", image_bytes(size=(1600, 900))),
    )
    story = make_article(hero_image=fresh, body=f"The stars arrived.\n\n![The carpet](image:{fresh.pk})")
    assert (fresh.renditions_status, fresh.stored_renditions) == ("pending", [])

    reader_page.goto(story.get_absolute_url())

    hero = reader_page.locator(".story__hero img")
    expect(hero).to_have_attribute("src", fresh.file.url)
    assert hero.get_attribute("srcset") is None
    assert hero_image_state(hero) == {"complete": True, "naturalWidth": 1600}
    expect(reader_page.locator(".story__body img")).to_have_attribute("src", fresh.file.url)


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
@pytest.mark.parametrize("page_name", ["home", "section", "article", "latest"])
def test_axe_finds_no_accessibility_violations(new_context, watch, story, page_name, viewport):
    # axe-core is injected script, which the strict policy refuses: this context alone bypasses it.
    page = new_context(bypass_csp=True, **viewport).new_page()
    watch(page)
    Article.objects.filter(headline__startswith="A Bollywood story").update(comment_count=4)  # for Trending
    path = {
        "home": "/",
        "section": story.section.get_absolute_url(),
        "article": story.get_absolute_url(),
        "latest": "/latest/",
    }[page_name]

    page.goto(path)

    assert axe_violations(page) == []


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(reader_page, story):
    reader_page.goto(story.get_absolute_url())

    reader_page.keyboard.press("Tab")
    expect(reader_page.get_by_role("link", name="Skip to content")).to_be_focused()
    expect(reader_page.get_by_role("link", name="Skip to content")).to_be_in_viewport()

    reader_page.keyboard.press("Enter")
    expect(reader_page.locator("main")).to_be_focused()
    reader_page.keyboard.press("Tab")
    expect(reader_page.locator(".story__section a")).to_be_focused()


def box(locator):
    return locator.bounding_box()


@pytest.mark.parametrize("context", [MOBILE], indirect=True, ids=["mobile"])
@pytest.mark.parametrize("page_name", ["home", "article", "latest"])
def test_on_a_phone_the_header_takes_two_lines_and_no_page_scrolls_sideways(reader_page, story, page_name):
    for n in range(8):  # more sections than a phone's width: the nav scrolls, the page does not
        make_section(name=f"Section number {n}")
    path = {"home": "/", "article": story.get_absolute_url(), "latest": "/latest/"}[page_name]

    reader_page.goto(path)

    name, search = box(reader_page.locator(".site-name")), box(reader_page.locator(".site-search"))
    nav, header = box(reader_page.locator(".site-nav")), box(reader_page.locator(".site-header"))
    # The site's name and the search box share the first line, the sections' row is the second and last.
    assert abs((name["y"] + name["height"] / 2) - (search["y"] + search["height"] / 2)) < 2
    assert name["x"] + name["width"] <= search["x"]
    assert search["x"] + search["width"] <= 390 - 16
    assert reader_page.locator(".site-name").evaluate("name => name.scrollWidth <= name.clientWidth")
    assert nav["y"] >= max(name["y"] + name["height"], search["y"] + search["height"]) - 1
    assert header["height"] <= 100
    widths = reader_page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths == [390, 390]
    nav_widths = reader_page.locator(".site-nav").evaluate("nav => [nav.scrollWidth > nav.clientWidth]")
    assert nav_widths == [True]


def test_an_article_offers_read_next_before_its_comments(reader_page, story):
    make_article(section=story.section, headline="Another Hollywood story", published_at=timezone.now())

    reader_page.goto(story.get_absolute_url())

    read_next = reader_page.get_by_role("region", name="Read next")
    expect(read_next.get_by_role("heading", level=3)).to_have_text(
        ["Another Hollywood story", "An older Hollywood story"]
    )
    assert box(read_next)["y"] < box(reader_page.locator("#comments"))["y"]
