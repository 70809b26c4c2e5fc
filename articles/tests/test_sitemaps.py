"""The sitemap index, its sitemaps, the Google News sitemap and robots.txt.

`check_*` below hold each document to what the schemas require, element by element, with the standard
library's parser, and say which element broke a rule; test_sitemap_schemas.py validates the same documents
against XSDs (sitemap 0.9, site index, image 1.1, news 0.9) with lxml.
"""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import sitemaps
from articles.models import Article
from articles.site_settings import update_site_settings
from articles.tests.builders import make_article, make_author, make_image, make_section, make_tag
from articles.tests.clock import time_machine
from articles.tests.queries import count_queries

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"s": SITEMAP, "image": IMAGE, "news": NEWS}
# W3C datetime as the schemas take it, to the second with a zone (no microseconds).
W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]


def children(element):
    return [child.tag for child in element]


def check_loc(loc):
    assert loc.startswith(f"{SITE}/"), loc
    assert len(loc) < 2048


def check_index(root):
    """sitemap.xsd's <sitemapindex>: 1 to 50,000 <sitemap>, each a <loc> and at most one <lastmod>."""
    assert root.tag == f"{{{SITEMAP}}}sitemapindex"
    assert 1 <= len(root) <= 50_000
    for entry in root:
        assert entry.tag == f"{{{SITEMAP}}}sitemap"
        assert children(entry) in ([f"{{{SITEMAP}}}loc"], [f"{{{SITEMAP}}}loc", f"{{{SITEMAP}}}lastmod"])
        check_loc(entry.find("s:loc", NS).text)
        if (lastmod := entry.find("s:lastmod", NS)) is not None:
            assert W3C_DATETIME.fullmatch(lastmod.text), lastmod.text


def check_urlset(root, *, extension=None):
    """sitemap.xsd's <urlset>: at most 50,000 <url>, each a <loc> first, an optional <lastmod>, then only
    elements of another namespace (`extension`), as the schema's <xsd:any namespace="##other"> allows."""
    assert root.tag == f"{{{SITEMAP}}}urlset"
    assert len(root) <= 50_000
    for url in root:
        assert url.tag == f"{{{SITEMAP}}}url"
        tags = children(url)
        assert tags[0] == f"{{{SITEMAP}}}loc"
        check_loc(url[0].text)
        rest = tags[1:]
        if rest and rest[0] == f"{{{SITEMAP}}}lastmod":
            assert W3C_DATETIME.fullmatch(url[1].text), url[1].text
            rest = rest[1:]
        assert all(extension and tag.startswith(f"{{{extension}}}") for tag in rest), tags


def check_images(url):
    """sitemap-image.xsd: each <image:image> holds exactly one <image:loc>, at most 1,000 per <url>."""
    images = url.findall("image:image", NS)
    assert len(images) <= 1000
    for image in images:
        assert children(image) == [f"{{{IMAGE}}}loc"]
        check_loc(image[0].text)
    return [image[0].text for image in images]


def check_news(url):
    """sitemap-news.xsd: <news:news> with a <news:publication> (<news:name>, <news:language>), a
    <news:publication_date> and a <news:title>."""
    (news,) = url.findall("news:news", NS)
    assert children(news) == [f"{{{NEWS}}}publication", f"{{{NEWS}}}publication_date", f"{{{NEWS}}}title"]
    publication = news[0]
    assert children(publication) == [f"{{{NEWS}}}name", f"{{{NEWS}}}language"]
    assert re.fullmatch(r"[a-z]{2,3}|zh-cn|zh-tw", publication[1].text)
    assert W3C_DATETIME.fullmatch(news[1].text), news[1].text
    return {
        "name": publication[0].text,
        "language": publication[1].text,
        "date": news[1].text,
        "title": news[2].text,
    }


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 (our own document, written by the test's server)


def locations(root):
    return [url.find("s:loc", NS).text for url in root]


def test_the_index_lists_a_sitemap_of_each_kind_of_page_on_the_site_url(client):
    make_article()

    root = fetch(client, "/sitemap.xml", HTTP_HOST="evil.example")

    check_index(root)
    assert locations(root) == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-sections.xml",
        f"{SITE}/sitemap-tags.xml",
        f"{SITE}/sitemap-authors.xml",
    ]


def test_the_index_dates_the_articles_sitemap_by_the_last_change_to_a_live_story(client):
    now = timezone.now().replace(microsecond=0)
    make_article(published_at=now - timedelta(hours=5), updated_at=now - timedelta(hours=1))
    make_article(published_at=now - timedelta(hours=2))
    make_article(status=Article.Status.DRAFT, published_at=None, updated_at=now)

    root = fetch(client, "/sitemap.xml")

    lastmods = {entry[0].text: [e.text for e in entry[1:]] for entry in root}
    assert lastmods[f"{SITE}/sitemap-articles.xml"] == [timezone.localtime(now - timedelta(hours=1)).isoformat()]
    assert lastmods[f"{SITE}/sitemap-sections.xml"] == []


def test_the_articles_sitemap_lists_live_stories_with_their_last_change_and_picture(client, settings):
    now = timezone.now().replace(microsecond=0)
    image = make_image()
    updated = make_article(published_at=now - timedelta(hours=5), updated_at=now - timedelta(hours=1), hero_image=image)
    plain = make_article(published_at=now - timedelta(hours=2))
    make_article(headline="Draft", status=Article.Status.DRAFT, published_at=None)
    make_article(headline="In review", status=Article.Status.IN_REVIEW, published_at=None)
    make_article(headline="Later", published_at=now + timedelta(hours=3))
    due = make_article(status=Article.Status.SCHEDULED, published_at=now - timedelta(minutes=1))

    root = fetch(client, "/sitemap-articles.xml", HTTP_HOST="evil.example")

    check_urlset(root, extension=IMAGE)
    assert locations(root) == [f"{SITE}{a.get_absolute_url()}" for a in (due, plain, updated)]
    assert [url.find("s:lastmod", NS).text for url in root] == [
        timezone.localtime(now - timedelta(minutes=1)).isoformat(),
        timezone.localtime(now - timedelta(hours=2)).isoformat(),
        timezone.localtime(now - timedelta(hours=1)).isoformat(),
    ]
    jpeg = min(image.stored_renditions["sets"]["original"], key=lambda r: abs(r["width"] - 1200))["files"]["jpeg"]
    assert [check_images(url) for url in root] == [[], [], [f"{SITE}{settings.MEDIA_URL}{jpeg}"]]


def test_the_sections_tags_and_authors_sitemaps_list_their_pages_tags_and_authors_with_live_stories_only(client):
    section = make_section(slug="bollywood")
    live_tag, idle_tag = make_tag(slug="met-gala"), make_tag(slug="only-in-drafts")
    live_author, idle_author = make_author(slug="priya"), make_author(slug="nobody-yet")
    make_article(section=section, tags=[live_tag], authors=[live_author])
    make_article(
        section=section, tags=[idle_tag], authors=[idle_author], status=Article.Status.DRAFT, published_at=None
    )

    urlsets = {kind: fetch(client, f"/sitemap-{kind}.xml") for kind in ("sections", "tags", "authors")}

    for root in urlsets.values():
        check_urlset(root)
    assert locations(urlsets["sections"]) == [f"{SITE}/latest/", f"{SITE}/bollywood/"]
    assert locations(urlsets["tags"]) == [f"{SITE}/tag/met-gala/"]
    assert locations(urlsets["authors"]) == [f"{SITE}/author/priya/"]


def test_an_unknown_sitemap_is_not_found(client):
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_a_sitemap_longer_than_its_limit_is_split_into_pages_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    section = make_section()
    now = timezone.now()
    stories = [make_article(section=section, published_at=now - timedelta(hours=n + 1)) for n in range(5)]

    index = fetch(client, "/sitemap.xml")
    pages = [fetch(client, f"/sitemap-articles.xml?p={page}") for page in (1, 2, 3)]

    assert [loc for loc in locations(index) if "articles" in loc] == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-articles.xml?p=2",
        f"{SITE}/sitemap-articles.xml?p=3",
    ]
    assert [locations(page) for page in pages] == [
        [f"{SITE}{s.get_absolute_url()}" for s in stories[0:2]],
        [f"{SITE}{s.get_absolute_url()}" for s in stories[2:4]],
        [f"{SITE}{s.get_absolute_url()}" for s in stories[4:]],
    ]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_the_news_sitemap_lists_the_last_two_days_live_stories_with_the_publication(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the site's name as editors set it
        update_site_settings(site_name="Newsroom Daily")
    now = timezone.now().replace(microsecond=0)
    recent = make_article(headline="Shah Rukh Khan & Kajol reunite", published_at=now - timedelta(hours=3))
    older = make_article(published_at=now - timedelta(hours=47))
    make_article(headline="Three days old", published_at=now - timedelta(hours=49))
    make_article(headline="Draft", status=Article.Status.DRAFT, published_at=None)
    make_article(headline="In review", status=Article.Status.IN_REVIEW, published_at=None)
    make_article(headline="Later", published_at=now + timedelta(hours=1))

    root = fetch(client, "/sitemap-news.xml", HTTP_HOST="evil.example")

    check_urlset(root, extension=NEWS)
    assert locations(root) == [f"{SITE}{recent.get_absolute_url()}", f"{SITE}{older.get_absolute_url()}"]
    assert check_news(root[0]) == {
        "name": "Newsroom Daily",
        "language": "en",
        "date": timezone.localtime(now - timedelta(hours=3)).isoformat(),
        "title": "Shah Rukh Khan & Kajol reunite",
    }
    assert b"Shah Rukh Khan &amp; Kajol reunite" in client.get("/sitemap-news.xml").content


def test_the_news_sitemap_takes_a_scheduled_story_when_its_time_comes_and_lets_it_go_after_two_days(client):
    due = timezone.now() + timedelta(hours=1)
    make_article(headline="At noon", published_at=due)

    titles = {}
    for label, at in {
        "before": timezone.now(),
        "due": due,
        "after two days": due + timedelta(hours=48, seconds=1),
    }.items():
        with time_machine(at):
            titles[label] = [check_news(url)["title"] for url in fetch(client, "/sitemap-news.xml")]

    assert titles == {"before": [], "due": ["At noon"], "after two days": []}


def test_the_news_sitemap_holds_at_most_its_limit_of_stories(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    section = make_section()
    for n in range(4):
        make_article(section=section, published_at=timezone.now() - timedelta(minutes=n + 1))

    assert len(fetch(client, "/sitemap-news.xml")) == 3


def test_the_news_sitemap_language_is_the_two_letter_code_of_the_site(client, settings):
    settings.LANGUAGE_CODE = "hi-in"
    make_article()

    assert check_news(fetch(client, "/sitemap-news.xml")[0])["language"] == "hi"


def test_sitemaps_are_not_themselves_indexed(client):
    make_article()

    assert [
        client.get(url)["X-Robots-Tag"] for url in ("/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml")
    ] == ["noindex, noodp, noarchive"] * 3


def test_robots_txt_names_the_sitemaps_on_the_site_url_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt", HTTP_HOST="evil.example")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /preview/\n"
        "Disallow: /comments/article/*/post/\n"
        "Disallow: /comments/*/reply/\n"
        "Disallow: /comments/*/report/\n"
        "Disallow: /comments/*/like/\n"
        "Disallow: /comments/likes/\n"
        "Disallow: /comments/replies/\n"
        "Disallow: /search/\n"
        "\n"
        f"Sitemap: {SITE}/sitemap.xml\n"
        f"Sitemap: {SITE}/sitemap-news.xml\n"
    )


def robots_disallows(rules, path):
    """Whether a Disallow rule of robots.txt covers `path`, reading `*` as crawlers do (any characters)."""
    return any(re.match(re.escape(rule).replace(r"\*", ".*"), path) for rule in rules)


def test_robots_txt_covers_every_address_comment_forms_post_to_and_the_previews(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    rules = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")]
    private = [
        reverse("admin:index"),
        reverse("articles:preview-link", kwargs={"token": "abc"}),
        reverse("comments:post", kwargs={"article_id": 7}),
        reverse("comments:reply", kwargs={"comment_id": 7}),
        reverse("comments:flag", kwargs={"comment_id": 7}),
        reverse("comments:like", kwargs={"comment_id": 7}),
        reverse("comments:my-likes"),
        reverse("comments:confirm-replies", kwargs={"token": "abc"}),
        reverse("comments:stop-replies", kwargs={"token": "abc"}),
        reverse("comments:restart-replies", kwargs={"token": "abc"}),
    ]
    public = ["/", "/bollywood/", "/bollywood/a-story-7/", reverse("comments:list", kwargs={"article_id": 7})]

    assert [path for path in private if not robots_disallows(rules, path)] == []
    assert [path for path in public if robots_disallows(rules, path)] == []


EXPECTED_QUERIES = {
    # the latest change of a live story, then a count per sitemap for its number of pages
    "/sitemap.xml": 5,
    # a count for the pages, the page
    "/sitemap-articles.xml": 2,
    # the sections (the Latest list and the sections are one list, counted without a query)
    "/sitemap-sections.xml": 1,
    "/sitemap-tags.xml": 2,
    "/sitemap-authors.xml": 2,
    # the stories
    "/sitemap-news.xml": 1,
    "/robots.txt": 0,
}


@pytest.mark.parametrize("stories", [1, 12])
def test_each_sitemap_runs_a_constant_number_of_queries(client, stories):
    section = make_section()
    for _ in range(stories):
        make_article(section=section, tags=[make_tag()], authors=[make_author()], hero_image=make_image())

    counts = {url: count_queries(client, url) for url in EXPECTED_QUERIES}

    assert counts == EXPECTED_QUERIES


def test_a_control_character_pasted_into_a_headline_is_left_out_of_the_news_sitemap_which_stays_xml(client):
    make_article(headline="Page\x0cbreak & more", published_at=timezone.now() - timedelta(hours=1))

    root = fetch(client, "/sitemap-news.xml")

    assert check_news(root[0])["title"] == "Pagebreak & more"
