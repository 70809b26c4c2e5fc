"""The sitemap index, each of its sitemaps and the Google News sitemap validate against their XSDs.

The schemas in schemas/ are our own, written from the protocols' published documentation (each says so at
its top; docs/decisions.md says why); lxml's XML Schema validator applies them.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from articles.tests.builders import make_article, make_author, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP_INDEX = etree.XMLSchema(etree.parse(SCHEMAS / "siteindex.xsd"))
URLSET = etree.XMLSchema(etree.parse(SCHEMAS / "urlset.xsd"))


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example.com"
    settings.ALLOWED_HOSTS = ["*"]


def schema_errors(schema, document):
    """Every message of `schema` for `document` (bytes), as "line: message"; empty when it is valid."""
    schema.validate(etree.fromstring(document))
    return [f"{error.line}: {error.message}" for error in schema.error_log]


def sitemap(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content


@pytest.fixture
def site():
    """Live stories with pictures, sections, tags and authors; and a draft, which no sitemap lists."""
    section, tag, author = make_section(slug="bollywood"), make_tag(slug="jawan"), make_author(slug="priya")
    now = timezone.now()
    make_article(section=section, tags=[tag], authors=[author], hero_image=make_image(), headline="Jawan & more")
    make_article(section=section, published_at=now - timedelta(hours=3), updated_at=now - timedelta(hours=1))
    make_article(published_at=now - timedelta(days=5))
    make_article(status="draft", published_at=None)


def test_the_sitemap_index_is_valid_against_siteindex_xsd(client, site):
    assert schema_errors(SITEMAP_INDEX, sitemap(client, "/sitemap.xml")) == []


@pytest.mark.parametrize("kind", ["articles", "sections", "tags", "authors"])
def test_each_sitemap_of_the_index_is_valid_against_sitemap_xsd_and_its_extensions(client, site, kind):
    document = sitemap(client, f"/sitemap-{kind}.xml")

    assert b"<url>" in document
    assert schema_errors(URLSET, document) == []


def test_the_articles_sitemap_carries_images_that_the_image_schema_checks(client, site):
    assert b"<image:image><image:loc>https://news.example.com/media/" in sitemap(client, "/sitemap-articles.xml")


def test_the_google_news_sitemap_is_valid_against_sitemap_xsd_and_sitemap_news_xsd(client, site):
    document = sitemap(client, "/sitemap-news.xml")

    assert document.count(b"<news:news>") == 2  # the two stories of the last 48 hours
    assert schema_errors(URLSET, document) == []


def test_every_sitemap_the_index_lists_is_one_the_tests_validate(client, site):
    index = etree.fromstring(sitemap(client, "/sitemap.xml"))
    listed = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]

    assert listed == [
        f"https://news.example.com/sitemap-{kind}.xml" for kind in ["articles", "sections", "tags", "authors"]
    ]


# The schemas refuse real mistakes -----------------------------------------------------------------------

URLSET_WITH = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>{}</url></urlset>'
)
NEWS = (
    "<news:news><news:publication><news:name>Newsroom</news:name><news:language>{language}</news:language>"
    "</news:publication><news:publication_date>{date}</news:publication_date><news:title>A story</news:title>"
    "</news:news>"
)
LOC = "<loc>https://news.example.com/bollywood/a-story-1/</loc>"


@pytest.mark.parametrize(
    ("url", "error"),
    [
        (
            f"{LOC}<lastmod>01/12/2026 10:00</lastmod>",
            "'01/12/2026 10:00' is not a valid value of the union type",
        ),
        (
            f"{LOC}<lastmod>2026-12-01T10:00:00</lastmod>",  # a time without its zone
            "'2026-12-01T10:00:00' is not a valid value of the union type",
        ),
        ("<loc>/bollywood/a-story-1/</loc>", "[facet 'pattern'] The value '/bollywood/a-story-1/' is not accepted"),
        (f"<lastmod>2026-12-01</lastmod>{LOC}", "This element is not expected. Expected is ( {http://www.sitemaps"),
        (f"{LOC}<image:image><image:caption>No address</image:caption></image:image>", "This element is not expected"),
        (f"{LOC}{NEWS.format(language='English', date='2026-12-01')}", "[facet 'pattern'] The value 'English'"),
        (f"{LOC}{NEWS.format(language='en', date='yesterday')}", "'yesterday' is not a valid value"),
        (f"{LOC}<priority>2</priority>", "The value '2' is greater than the maximum value allowed ('1.0')"),
        (f"{LOC}<video>not ours</video>", "This element is not expected"),
    ],
)
def test_a_broken_sitemap_fails_its_schema(url, error):
    errors = schema_errors(URLSET, URLSET_WITH.format(url).encode())

    assert len(errors) >= 1
    assert error in errors[0], errors


def test_a_broken_index_fails_its_schema():
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
        "<loc>https://news.example.com/sitemap-articles.xml</loc><lastmod>1 December 2026</lastmod>"
        "</sitemap></sitemapindex>"
    )

    errors = schema_errors(SITEMAP_INDEX, index.encode())

    assert len(errors) == 1
    assert "'1 December 2026' is not a valid value of the union type" in errors[0]
