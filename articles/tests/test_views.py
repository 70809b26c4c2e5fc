import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.builders import make_article, make_author, make_image, make_section, make_tag
from articles.tests.pages import listed_headlines

pytestmark = pytest.mark.django_db


def test_article_page_shows_the_story_to_a_reader(client):
    author = make_author(name="Priya Sharma")
    article = make_article(
        headline="John Legend sings Never Break",
        standfirst="A quiet performance.",
        body="He said:\n\n> It was the best night of my life.",
        authors=[author],
        tags=[make_tag(name="Music")],
        hero_image=make_image(caption="On stage", credit="Getty Images"),
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="story__headline">John Legend sings Never Break</h1>' in html
    assert "<blockquote>\n<p>It was the best night of my life.</p>\n</blockquote>" in html
    assert f'<a href="/author/{author.slug}/">Priya Sharma</a>' in html
    assert "(Getty Images)" in html
    assert html.count("<h1") == 1


def test_article_address_is_section_slug_and_number():
    article = make_article(section=make_section(slug="hollywood"), slug="john-legend-never-break")

    assert article.get_absolute_url() == f"/hollywood/john-legend-never-break-{article.pk}/"


def test_old_slug_and_section_redirect_permanently_to_the_new_address(client):
    article = make_article(section=make_section(slug="hollywood"), slug="old-headline")
    old_url = article.get_absolute_url()
    article.slug = "new-headline"
    article.section = make_section(slug="music")
    article.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == f"/music/new-headline-{article.pk}/"


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + timedelta(hours=2)},
    ],
    ids=["draft", "scheduled"],
)
def test_drafts_and_scheduled_articles_are_invisible_to_readers(client, changes):
    section = make_section()
    article = make_article(section=section, headline="Secret story", **changes)

    assert client.get(article.get_absolute_url()).status_code == 404
    for url in ["/", section.get_absolute_url()]:
        assert "Secret story" not in client.get(url).content.decode()


def test_home_lists_the_lead_and_then_section_rails_of_the_stories_not_shown_above(client):
    bollywood = make_section(name="Bollywood", slug="bollywood")
    now = timezone.now()
    for hours in range(10):
        make_article(
            section=bollywood, headline=f"Story {hours:02d} hours old", published_at=now - timedelta(hours=hours)
        )

    html = client.get("/").content.decode()

    assert html.index("Story 00 hours old") < html.index("Story 08 hours old")
    rail = html[html.index('id="rail-bollywood"') :]
    assert "Story 09 hours old" in rail
    assert "Story 08 hours old" not in rail


def test_home_has_no_section_rail_when_the_latest_stories_are_all_there_is(client):
    make_article(section=make_section(slug="bollywood"))

    assert 'id="rail-bollywood"' not in client.get("/").content.decode()


def test_only_the_lead_story_on_home_is_shown_as_the_lead(client):
    for _ in range(3):
        make_article()

    html = client.get("/").content.decode()

    assert html.count("item--lead") == 1


@pytest.mark.parametrize("page_of", ["section", "tag", "author"])
def test_list_pages_are_paginated_newest_first(client, page_of):
    section, tag, author = make_section(), make_tag(), make_author()
    now = timezone.now()
    for minutes in range(1, 26):
        make_article(
            section=section,
            tags=[tag],
            authors=[author],
            headline=f"Story {minutes:02d} minutes old",
            published_at=now - timedelta(minutes=minutes),
        )
    url = {"section": section, "tag": tag, "author": author}[page_of].get_absolute_url()

    first, second = client.get(url), client.get(url, {"page": 2})

    assert listed_headlines(first) == [f"Story {m:02d} minutes old" for m in range(1, 21)]
    assert listed_headlines(second) == [f"Story {m:02d} minutes old" for m in range(21, 26)]
    assert "<span>Page 2 of 2</span>" in second.content.decode()
    assert 'rel="prev" href="?page=1"' in second.content.decode()


@pytest.mark.parametrize("page_of", ["section", "tag", "author"])
@pytest.mark.parametrize("number", ["99", "3", "0", "-1", "abc"])
def test_a_page_number_a_list_does_not_have_is_not_found(client, page_of, number):
    section, tag, author = make_section(), make_tag(), make_author()
    for _ in range(21):
        make_article(section=section, tags=[tag], authors=[author])
    url = {"section": section, "tag": tag, "author": author}[page_of].get_absolute_url()

    assert client.get(url, {"page": number}).status_code == 404
    assert [client.get(url, {"page": n}).status_code for n in ["1", "2", ""]] == [200, 200, 200]


@pytest.mark.parametrize("page_of", ["section", "tag", "author", "latest"])
def test_a_list_page_shows_only_its_live_stories_each_with_its_byline(client, page_of):
    section, tag, author = make_section(), make_tag(), make_author(name="Priya Kapoor")
    co_author = make_author(name="Anil Rao")
    make_article(section=section, tags=[tag], authors=[author, co_author], headline="Listed")
    make_article(section=section, tags=[tag], authors=[author], headline="Draft", status="draft", published_at=None)
    make_article(headline="Elsewhere")
    url = {"section": section, "tag": tag, "author": author}.get(page_of)
    url = url.get_absolute_url() if url else "/latest/"

    response = client.get(url)

    expected = ["Listed", "Elsewhere"] if page_of == "latest" else ["Listed"]
    assert sorted(listed_headlines(response)) == sorted(expected)
    assert "By Anil Rao, Priya Kapoor" in response.content.decode()


def test_an_empty_section_still_has_its_first_page(client):
    section = make_section()

    assert client.get(section.get_absolute_url()).status_code == 200
    assert client.get(section.get_absolute_url(), {"page": "2"}).status_code == 404


def test_a_live_story_has_plain_share_links_to_its_address_on_the_site_url(client, settings):
    settings.SITE_URL = "https://news.example.com"
    story = make_article(headline="Shah Rukh Khan & Kajol reunite")

    html = client.get(story.get_absolute_url()).content.decode()

    address = f"https%3A%2F%2Fnews.example.com%2F{story.section.slug}%2F{story.slug}-{story.pk}%2F"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={address}"' in html
    assert f'href="https://x.com/intent/post?url={address}&amp;text=Shah%20Rukh%20Khan%20%26%20Kajol%20reunite"' in html
    assert f'href="https://wa.me/?text=Shah%20Rukh%20Khan%20%26%20Kajol%20reunite%20{address}"' in html


def test_a_preview_has_no_share_links(admin_client):
    draft = make_article(status="draft", published_at=None)

    assert "Share this story" not in admin_client.get(draft.get_absolute_url()).content.decode()


def test_the_home_page_never_shows_a_story_twice(client):
    now = timezone.now()
    sections = [make_section() for _ in range(3)]
    for minutes in range(30):
        make_article(
            section=sections[minutes % 3],
            published_at=now - timedelta(minutes=minutes + 1),
            comment_count=minutes,  # the newest have the fewest: Trending takes four older ones
        )

    html = client.get("/").content.decode()

    addresses = re.findall(r'<h[23] class="item__headline"><a href="([^"]+)"', html)
    # the lead and eight latest, four trending, then four more in each section's rail
    assert len(addresses) == 9 + 4 + 3 * 4
    assert len(set(addresses)) == len(addresses)
