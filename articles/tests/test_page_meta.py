"""Every reader page's title, description, canonical address, Open Graph, Twitter card and robots tags, on SITE_URL."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article
from articles.tests.builders import image_bytes, make_article, make_author, make_image, make_section, make_tag, upload

pytestmark = pytest.mark.django_db

IST = ZoneInfo("Asia/Kolkata")
SITE = "https://news.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Newsroom"


def head(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode().split("</head>")[0]


def rendition_url(image, width, shape="original"):
    """The address of `image`'s JPEG `width` wide in `shape`."""
    (name,) = [entry["files"]["jpeg"] for entry in image.stored_renditions["sets"][shape] if entry["width"] == width]
    return f"{SITE}/media/{name}"


def test_an_article_page_has_open_graph_and_a_large_twitter_card_with_the_1200_wide_16_9_crop(client):
    hero = make_image(alt_text="Alia Bhatt on stage", file=upload("alia.jpg", image_bytes(size=(2000, 1125))))
    article = make_article(
        headline="Alia Bhatt announces her next film",
        slug="alia-bhatt-next-film",
        standfirst="The actor shared the news on Instagram.",
        section=make_section(name="Bollywood", slug="bollywood"),
        authors=[make_author(name="Priya Raman", slug="priya-raman")],
        tags=[make_tag(name="Alia Bhatt", slug="alia-bhatt"), make_tag(name="Films", slug="films")],
        hero_image=hero,
        published_at=datetime(2026, 11, 20, 9, 30, 0, 250000, tzinfo=IST),
        updated_at=datetime(2026, 11, 20, 12, 5, tzinfo=IST),
    )
    url = f"{SITE}/bollywood/alia-bhatt-next-film-{article.pk}/"
    image = rendition_url(hero, 1200, "16:9")

    html = head(client, article.get_absolute_url())

    assert "<title>Alia Bhatt announces her next film · Newsroom</title>" in html
    assert '<meta name="description" content="The actor shared the news on Instagram.">' in html
    assert (
        f'<link rel="canonical" href="{url}">'
        '<meta name="robots" content="max-image-preview:large">'
        '<meta property="og:site_name" content="Newsroom">'
        '<meta property="og:type" content="article">'
        '<meta property="og:title" content="Alia Bhatt announces her next film">'
        '<meta property="og:description" content="The actor shared the news on Instagram.">'
        f'<meta property="og:url" content="{url}">'
        f'<meta property="og:image" content="{image}">'
        '<meta property="og:image:width" content="1200">'
        '<meta property="og:image:height" content="675">'
        '<meta property="og:image:alt" content="Alia Bhatt on stage">'
        '<meta property="article:published_time" content="2026-11-20T09:30:00+05:30">'
        '<meta property="article:modified_time" content="2026-11-20T12:05:00+05:30">'
        '<meta property="article:section" content="Bollywood">'
        f'<meta property="article:author" content="{SITE}/author/priya-raman/">'
        '<meta property="article:tag" content="Alia Bhatt">'
        '<meta property="article:tag" content="Films">'
        '<meta name="twitter:card" content="summary_large_image">'
        '<meta name="twitter:title" content="Alia Bhatt announces her next film">'
        '<meta name="twitter:description" content="The actor shared the news on Instagram.">'
        f'<meta name="twitter:image" content="{image}">'
        '<meta name="twitter:image:alt" content="Alia Bhatt on stage">'
    ) in html


def test_a_picture_narrower_than_1200_pixels_gets_the_small_card(client):
    hero = make_image(file=upload("small.jpg", image_bytes(size=(1000, 600))))
    article = make_article(hero_image=hero)

    html = head(client, article.get_absolute_url())

    # Its 16:9 crop, as wide as the picture is: 1000 × 562 of its 1000 × 600.
    assert f'<meta property="og:image" content="{rendition_url(hero, 1000, "16:9")}">' in html
    assert '<meta property="og:image:width" content="1000"><meta property="og:image:height" content="562">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_a_picture_without_renditions_yet_is_shared_as_its_original(client):
    hero = make_image(renditions=False, file=upload("big.jpg", image_bytes(size=(1400, 788))))
    article = make_article(hero_image=hero)

    html = head(client, article.get_absolute_url())

    assert f'<meta property="og:image" content="{SITE}{hero.file.url}">' in html
    assert '<meta property="og:image:width" content="1400"><meta property="og:image:height" content="788">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_a_story_without_a_picture_has_no_image_tags_and_the_small_card(client):
    article = make_article(headline="Box office numbers")

    html = head(client, article.get_absolute_url())

    assert "og:image" not in html
    assert "twitter:image" not in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_the_canonical_address_is_the_sites_whatever_host_the_request_named(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    article = make_article(slug="a-story", section=make_section(slug="hollywood"))

    html = head(client, article.get_absolute_url(), HTTP_HOST="mirror.example.org")

    assert f'<link rel="canonical" href="{SITE}/hollywood/a-story-{article.pk}/">' in html
    assert "mirror.example.org" not in html


def test_a_preview_is_never_indexed_nor_offered_large_image_previews(admin_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, headline="A draft")

    html = head(admin_client, draft.get_absolute_url())

    assert '<meta name="robots" content="noindex">' in html
    assert "max-image-preview" not in html


def test_the_home_page_describes_the_site(client):
    html = head(client, "/")

    assert "<title>Newsroom</title>" in html
    assert (
        f'<link rel="canonical" href="{SITE}/">'
        '<meta name="robots" content="max-image-preview:large">'
        '<meta property="og:site_name" content="Newsroom">'
        '<meta property="og:type" content="website">'
        '<meta property="og:title" content="Newsroom">'
        '<meta property="og:description" content="Entertainment news: Bollywood, Hollywood, K-Drama, lifestyle, '
        'fashion and beauty.">'
        f'<meta property="og:url" content="{SITE}/">'
        '<meta name="twitter:card" content="summary">'
    ) in html
    assert "application/ld+json" not in html


def test_a_later_page_of_a_section_names_its_number_in_the_title_and_its_canonical_address(client):
    section = make_section(name="K-Drama", slug="k-drama", description="Korean drama, reviewed.")
    for _ in range(21):  # a page holds 20 (articles/views.py, PAGE_SIZE)
        make_article(section=section)

    html = head(client, "/k-drama/?page=2")

    assert "<title>K-Drama (page 2) · Newsroom</title>" in html
    assert '<meta name="description" content="Korean drama, reviewed.">' in html
    assert f'<link rel="canonical" href="{SITE}/k-drama/?page=2">' in html
    assert f'<meta property="og:url" content="{SITE}/k-drama/?page=2">' in html


def test_a_tag_page_is_about_its_topic(client):
    make_article(tags=[make_tag(name="Oscars", slug="oscars")])

    html = head(client, "/tag/oscars/")

    assert "<title>Oscars · Newsroom</title>" in html
    assert '<meta name="description" content="Stories about Oscars.">' in html
    assert f'<link rel="canonical" href="{SITE}/tag/oscars/">' in html
    assert '<meta property="og:title" content="Oscars">' in html


def test_an_author_page_is_shared_with_their_photo(client):
    photo = make_image(alt_text="Priya Raman", file=upload("priya.jpg", image_bytes(size=(600, 600))))
    make_author(name="Priya Raman", slug="priya-raman", bio="Film critic.", photo=photo)

    html = head(client, "/author/priya-raman/")

    assert "<title>Priya Raman · Newsroom</title>" in html
    assert '<meta name="description" content="Film critic.">' in html
    assert f'<meta property="og:image" content="{rendition_url(photo, 600)}">' in html
    assert '<meta property="og:image:alt" content="Priya Raman">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_user_text_in_the_tags_is_escaped(client):
    article = make_article(headline='The "Tiger" <returns>', standfirst="Salman & Katrina's film")

    html = head(client, article.get_absolute_url())

    assert '<meta property="og:title" content="The &quot;Tiger&quot; &lt;returns&gt;">' in html
    assert '<meta property="og:description" content="Salman &amp; Katrina&#x27;s film">' in html


def test_times_on_the_page_are_written_without_microseconds(client):
    article = make_article(published_at=datetime(2026, 11, 20, 9, 30, 0, 123456, tzinfo=IST))

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<time datetime="2026-11-20T09:30:00+05:30">20 November 2026, 09:30 IST</time>' in html
    assert ".123456" not in html
