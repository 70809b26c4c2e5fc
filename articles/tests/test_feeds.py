"""The RSS and Atom feeds, read by feedparser as a feed reader reads them."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.builders import image_bytes, make_article, make_author, make_image, make_section, make_tag, upload
from articles.tests.clock import time_machine
from articles.tests.queries import count_queries

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    # Any Host reaches the views, so that a forged one is seen to change nothing.
    settings.ALLOWED_HOSTS = ["*"]


def read_feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo is False, parsed.get("bozo_exception")
    return response, parsed


def make_story(**kwargs):
    kwargs.setdefault("standfirst", "The actor shared the news on Instagram.")
    return make_article(**kwargs)


def test_the_site_feed_lists_the_live_stories_newest_first_with_absolute_links(client):
    section = make_section(name="Bollywood", slug="bollywood")
    now = timezone.now()
    older = make_story(headline="Older story", section=section, published_at=now - timedelta(hours=3))
    newer = make_story(headline="Newer story", section=section, published_at=now - timedelta(hours=1))

    response, feed = read_feed(client, "/feeds/rss/")

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert feed.version == "rss20"
    assert feed.feed.title == "Newsroom"
    assert feed.feed.link == f"{SITE}/"
    assert [entry.title for entry in feed.entries] == ["Newer story", "Older story"]
    assert [entry.link for entry in feed.entries] == [
        f"{SITE}{newer.get_absolute_url()}",
        f"{SITE}{older.get_absolute_url()}",
    ]
    assert [entry.id for entry in feed.entries] == [entry.link for entry in feed.entries]
    assert feed.entries[0].summary == "The actor shared the news on Instagram."


def test_an_item_names_every_author_its_section_and_tags_and_its_dates(client):
    section = make_section(name="K-Drama", slug="k-drama")
    authors = [make_author(name="Priya Menon"), make_author(name="Kim Ji-woo")]
    tags = [make_tag(name="Netflix"), make_tag(name="Squid Game")]
    published = timezone.now().replace(microsecond=0) - timedelta(hours=5)
    make_story(
        section=section, authors=authors, tags=tags, published_at=published, updated_at=published + timedelta(hours=2)
    )

    _, rss = read_feed(client, "/feeds/rss/")
    _, atom = read_feed(client, "/feeds/atom/")

    rss_entry, atom_entry = rss.entries[0], atom.entries[0]
    assert [author.name for author in atom_entry.authors] == ["Kim Ji-woo", "Priya Menon"]
    assert [author.href for author in atom_entry.authors] == [f"{SITE}{a.get_absolute_url()}" for a in authors[::-1]]
    assert [tag.term for tag in rss_entry.tags] == ["K-Drama", "Netflix", "Squid Game"]
    assert [tag.term for tag in atom_entry.tags] == ["K-Drama", "Netflix", "Squid Game"]
    assert rss_entry.published_parsed[:6] == published.utctimetuple()[:6]
    assert atom_entry.published_parsed[:6] == published.utctimetuple()[:6]
    assert atom_entry.updated_parsed[:6] == (published + timedelta(hours=2)).utctimetuple()[:6]


def test_rss_names_each_author_in_a_creator_element_of_its_own(client):
    make_story(authors=[make_author(name="Priya Menon"), make_author(name="Kim Ji-woo")])

    response = client.get("/feeds/rss/")

    body = response.content.decode()
    assert body.count("<dc:creator>") == 2
    assert "<dc:creator>Kim Ji-woo</dc:creator><dc:creator>Priya Menon</dc:creator>" in body


def test_the_hero_picture_is_an_enclosure_with_its_length_and_a_media_content_with_its_size(client, settings):
    image = make_image(
        alt_text="Alia Bhatt at the trailer launch",
        credit="Getty Images",
        file=upload(content=image_bytes((1200, 675))),
    )
    jpeg = image.stored_renditions["sets"]["original"][-1]["files"]["jpeg"]
    size = image.file.storage.size(jpeg)
    make_story(hero_image=image)

    rss_response, rss = read_feed(client, "/feeds/rss/")
    _, atom = read_feed(client, "/feeds/atom/")

    assert '<media:description type="plain">Alia Bhatt at the trailer launch</media:description>' in (
        rss_response.content.decode()
    )
    url = f"{SITE}{settings.MEDIA_URL}{jpeg}"
    for entry in (rss.entries[0], atom.entries[0]):
        assert [(e.href, e.length, e.type) for e in entry.enclosures] == [(url, str(size), "image/jpeg")]
        assert entry.media_content == [
            {
                "url": url,
                "type": "image/jpeg",
                "medium": "image",
                "width": "1200",
                "height": "675",
                "filesize": str(size),
            }
        ]
        assert entry.media_credit == [{"content": "Getty Images"}]


def test_a_story_whose_picture_has_no_renditions_yet_encloses_the_original(client, settings):
    image = make_image(renditions=False)
    make_story(hero_image=image)

    _, feed = read_feed(client, "/feeds/rss/")

    assert [(e.href, e.length, e.type) for e in feed.entries[0].enclosures] == [
        (f"{SITE}{settings.MEDIA_URL}{image.file.name}", str(image.file.size), "image/jpeg")
    ]


def test_a_story_without_a_picture_has_no_enclosure(client):
    make_story(hero_image=None)

    _, feed = read_feed(client, "/feeds/rss/")

    assert feed.entries[0].enclosures == []
    assert "media_content" not in feed.entries[0]


def test_only_live_stories_appear_never_drafts_stories_in_review_or_stories_scheduled_for_later(client):
    now = timezone.now()
    make_story(headline="Live")
    make_story(headline="Draft", status=Article.Status.DRAFT, published_at=None)
    make_story(headline="In review", status=Article.Status.IN_REVIEW, published_at=None)
    make_story(headline="Unpublished", status=Article.Status.UNPUBLISHED, published_at=now - timedelta(days=1))
    make_story(headline="Scheduled for later", published_at=now + timedelta(hours=2))
    make_story(headline="Scheduled, now due", status=Article.Status.SCHEDULED, published_at=now - timedelta(minutes=5))

    for url in ("/feeds/rss/", "/feeds/atom/"):
        _, feed = read_feed(client, url)
        assert [entry.title for entry in feed.entries] == ["Scheduled, now due", "Live"]


def test_a_scheduled_story_enters_the_feed_when_its_time_comes(client):
    due = timezone.now() + timedelta(hours=2)
    make_story(headline="Trailer drops at noon", published_at=due)

    _, before = read_feed(client, "/feeds/rss/")
    with time_machine(due + timedelta(minutes=1)):
        _, after = read_feed(client, "/feeds/rss/")

    assert [entry.title for entry in before.entries] == []
    assert [entry.title for entry in after.entries] == ["Trailer drops at noon"]


def test_section_tag_and_author_feeds_list_their_own_stories_only(client):
    bollywood, hollywood = make_section(name="Bollywood", slug="bollywood"), make_section(name="Hollywood")
    tag, author = make_tag(name="Met Gala", slug="met-gala"), make_author(name="Priya Menon", slug="priya-menon")
    make_story(headline="In Bollywood", section=bollywood)
    make_story(headline="Tagged", section=hollywood, tags=[tag])
    make_story(headline="By Priya", section=hollywood, authors=[author])

    feeds = {
        url: read_feed(client, url)[1]
        for url in (
            "/feeds/bollywood/rss/",
            "/feeds/bollywood/atom/",
            "/feeds/tag/met-gala/rss/",
            "/feeds/tag/met-gala/atom/",
            "/feeds/author/priya-menon/rss/",
            "/feeds/author/priya-menon/atom/",
        )
    }

    assert {url: [entry.title for entry in feed.entries] for url, feed in feeds.items()} == {
        "/feeds/bollywood/rss/": ["In Bollywood"],
        "/feeds/bollywood/atom/": ["In Bollywood"],
        "/feeds/tag/met-gala/rss/": ["Tagged"],
        "/feeds/tag/met-gala/atom/": ["Tagged"],
        "/feeds/author/priya-menon/rss/": ["By Priya"],
        "/feeds/author/priya-menon/atom/": ["By Priya"],
    }
    assert feeds["/feeds/bollywood/rss/"].feed.title == "Newsroom: Bollywood"
    assert feeds["/feeds/bollywood/rss/"].feed.link == f"{SITE}/bollywood/"
    assert feeds["/feeds/tag/met-gala/atom/"].feed.title == "Newsroom: Met Gala"
    assert feeds["/feeds/author/priya-menon/rss/"].feed.title == "Newsroom: stories by Priya Menon"
    assert feeds["/feeds/author/priya-menon/rss/"].feed.link == f"{SITE}/author/priya-menon/"
    # Atom's subtitle says what RSS's description does, each feed its own.
    assert {url: feed.feed.subtitle for url, feed in feeds.items() if url.endswith("/atom/")} == {
        "/feeds/bollywood/atom/": "The latest Bollywood stories from Newsroom.",
        "/feeds/tag/met-gala/atom/": "The latest Met Gala stories from Newsroom.",
        "/feeds/author/priya-menon/atom/": "The latest stories by Priya Menon on Newsroom.",
    }
    assert feeds["/feeds/bollywood/rss/"].feed.subtitle == "The latest Bollywood stories from Newsroom."


def test_the_feed_of_an_unknown_section_tag_or_author_is_not_found(client):
    assert [
        client.get(url).status_code for url in ("/feeds/nope/rss/", "/feeds/tag/nope/atom/", "/feeds/author/nope/rss/")
    ] == [
        404,
        404,
        404,
    ]


def test_a_forged_host_header_changes_no_address_in_a_feed(client):
    image = make_image()
    make_story(section=make_section(slug="bollywood"), hero_image=image)

    for url in ("/feeds/rss/", "/feeds/atom/", "/feeds/bollywood/rss/"):
        response, feed = read_feed(client, url, HTTP_HOST="evil.example", secure=False)
        body = response.content.decode()
        assert "evil.example" not in body
        assert "http://" not in body.replace("http://www.w3.org", "").replace("http://purl.org", "").replace(
            "http://search.yahoo.com", ""
        )
        assert feed.feed.link.startswith(f"{SITE}/")
        assert feed.entries[0].link.startswith(f"{SITE}/")
        assert feed.entries[0].enclosures[0].href.startswith(f"{SITE}/media/")


def test_the_feed_addresses_itself_on_the_site_url(client):
    make_story()

    rss = client.get("/feeds/rss/", HTTP_HOST="evil.example").content.decode()
    atom = client.get("/feeds/atom/", HTTP_HOST="evil.example").content.decode()

    assert f'<atom:link href="{SITE}/feeds/rss/" rel="self"' in rss
    assert f'<link href="{SITE}/feeds/atom/" rel="self"' in atom


def test_a_feed_holds_the_thirty_newest_stories(client):
    section = make_section()
    now = timezone.now()
    for n in range(32):
        make_story(headline=f"Story {n}", section=section, published_at=now - timedelta(minutes=n + 1))

    _, feed = read_feed(client, "/feeds/rss/")

    assert [entry.title for entry in feed.entries] == [f"Story {n}" for n in range(30)]


def test_home_section_tag_and_author_pages_advertise_their_feeds(client):
    section, tag, author = (
        make_section(name="Bollywood", slug="bollywood"),
        make_tag(slug="met-gala"),
        make_author(name="Priya Menon", slug="priya-menon"),
    )
    make_story(section=section, tags=[tag], authors=[author])

    pages = {
        "/": ("Newsroom", "/feeds/rss/", "/feeds/atom/"),
        "/bollywood/": ("Newsroom: Bollywood", "/feeds/bollywood/rss/", "/feeds/bollywood/atom/"),
        "/tag/met-gala/": (f"Newsroom: {tag.name}", "/feeds/tag/met-gala/rss/", "/feeds/tag/met-gala/atom/"),
        "/author/priya-menon/": (
            "Newsroom: stories by Priya Menon",
            "/feeds/author/priya-menon/rss/",
            "/feeds/author/priya-menon/atom/",
        ),
    }
    for page, (title, rss, atom) in pages.items():
        html = client.get(page, HTTP_HOST="evil.example").content.decode()
        assert f'<link rel="alternate" type="application/rss+xml" title="{title} (RSS)" href="{SITE}{rss}">' in html, (
            page
        )
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="{title} (Atom)" href="{SITE}{atom}">' in html
        ), page
        # The advertised feed answers, with this page's title.
        assert read_feed(client, rss)[1].feed.title == title


# Per feed: the stories, their authors, their tags; and first the section, tag or author it is about.
EXPECTED_QUERIES = {
    "/feeds/rss/": 3,
    "/feeds/atom/": 3,
    "/feeds/s/rss/": 4,
    "/feeds/s/atom/": 4,
    "/feeds/tag/t/rss/": 4,
    "/feeds/tag/t/atom/": 4,
    "/feeds/author/a/rss/": 4,
    "/feeds/author/a/atom/": 4,
}


@pytest.mark.parametrize("stories", [1, 12])
def test_each_feed_runs_a_constant_number_of_queries(client, stories):
    section, tag, author = make_section(slug="s"), make_tag(slug="t"), make_author(slug="a")
    for _ in range(stories):
        make_story(section=section, tags=[tag, make_tag()], authors=[author, make_author()], hero_image=make_image())

    counts = {url: count_queries(client, url) for url in EXPECTED_QUERIES}

    assert counts == EXPECTED_QUERIES


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_control_characters_pasted_into_a_story_are_left_out_of_the_feed_instead_of_breaking_it(client, url):
    make_story(
        headline="Page\x0cbreak",
        standfirst="Line\x0bbreak from a word processor",
        authors=[make_author(name="Asha\x08 Rao")],
        tags=[make_tag(name="Trail\x1fers")],
    )

    _response, parsed = read_feed(client, url)

    (entry,) = parsed.entries
    assert (entry.title, entry.summary) == ("Pagebreak", "Linebreak from a word processor")
    assert [tag.term for tag in entry.tags][-1:] == ["Trailers"]
    assert entry.author == "Asha Rao"
