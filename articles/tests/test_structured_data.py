"""An article page's JSON-LD: the NewsArticle search engines read (Google's required and recommended
properties, schema.org's names) and its BreadcrumbList, exact, as a reader's page carries them."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles import services
from articles.models import Article, ArticleNote
from articles.site_settings import update_site_settings
from articles.structured_data import json_ld_script
from articles.tests.builders import image_bytes, make_article, make_author, make_image, make_section, make_tag, upload

pytestmark = pytest.mark.django_db

IST = ZoneInfo("Asia/Kolkata")
SITE = "https://news.example.com"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Newsroom"


def json_ld(client, url):
    html = client.get(url).content.decode()
    return [json.loads(block) for block in JSON_LD.findall(html)]


def media_url(image, width, shape="original"):
    """The address of `image`'s JPEG `width` wide in `shape`."""
    (name,) = [entry["files"]["jpeg"] for entry in image.stored_renditions["sets"][shape] if entry["width"] == width]
    return f"{SITE}/media/{name}"


@pytest.fixture
def story():
    hero = make_image(
        alt_text="Alia Bhatt at the trailer launch", file=upload("alia.jpg", image_bytes(size=(2000, 1125)))
    )
    return make_article(
        headline="Alia Bhatt announces her next film",
        slug="alia-bhatt-next-film",
        standfirst="The actor shared the news on Instagram.",
        section=make_section(name="Bollywood", slug="bollywood"),
        authors=[make_author(name="Priya Raman", slug="priya-raman"), make_author(name="Arjun Rao", slug="arjun-rao")],
        tags=[make_tag(name="Alia Bhatt", slug="alia-bhatt"), make_tag(name="Films", slug="films")],
        hero_image=hero,
        published_at=datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=IST),
    )


def test_an_article_page_carries_a_news_article_with_every_required_and_recommended_property(client, story):
    news_article, _ = json_ld(client, story.get_absolute_url())

    url = f"{SITE}/bollywood/alia-bhatt-next-film-{story.pk}/"
    assert news_article == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": "Alia Bhatt announces her next film",
        "description": "The actor shared the news on Instagram.",
        # The three crops Google asks for: this picture is 16:9 already, so its own largest copy is the first.
        "image": [
            {"@type": "ImageObject", "url": media_url(story.hero_image, 1600, "16:9"), "width": 1600, "height": 900},
            {"@type": "ImageObject", "url": media_url(story.hero_image, 1200, "4:3"), "width": 1200, "height": 900},
            {"@type": "ImageObject", "url": media_url(story.hero_image, 1125, "1:1"), "width": 1125, "height": 1125},
        ],
        "datePublished": "2026-11-20T09:30:15+05:30",
        "dateModified": "2026-11-20T09:30:15+05:30",
        # In the byline's order.
        "author": [
            {"@type": "Person", "name": "Arjun Rao", "url": f"{SITE}/author/arjun-rao/"},
            {"@type": "Person", "name": "Priya Raman", "url": f"{SITE}/author/priya-raman/"},
        ],
        "publisher": {
            "@type": "Organization",
            "name": "Newsroom",
            "url": f"{SITE}/",
            "logo": {"@type": "ImageObject", "url": f"{SITE}/static/favicon.svg"},
        },
        "articleSection": "Bollywood",
        "keywords": ["Alia Bhatt", "Films"],
        "inLanguage": "en-gb",
    }


def test_the_breadcrumbs_lead_from_home_through_the_section_to_the_story(client, story):
    _, breadcrumbs = json_ld(client, story.get_absolute_url())

    assert breadcrumbs == {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{SITE}/"},
            {"@type": "ListItem", "position": 2, "name": "Bollywood", "item": f"{SITE}/bollywood/"},
            {
                "@type": "ListItem",
                "position": 3,
                "name": "Alia Bhatt announces her next film",
                "item": f"{SITE}/bollywood/alia-bhatt-next-film-{story.pk}/",
            },
        ],
    }


def test_corrections_are_correction_comments_and_the_latest_note_is_the_modified_date(client, story, admin_user):
    correction = services.add_correction(
        story, kind="correction", text="An earlier version misnamed the director.", actor=admin_user
    )
    update = services.add_correction(story, kind="update", text="The studio confirmed the date.", actor=admin_user)
    ArticleNote.objects.filter(pk=correction.pk).update(created_at=datetime(2026, 11, 20, 11, 0, tzinfo=IST))
    ArticleNote.objects.filter(pk=update.pk).update(created_at=datetime(2026, 11, 21, 8, 15, tzinfo=IST))
    # add_correction moved the "Updated" time to now; an earlier one shows the notes decide.
    Article.objects.filter(pk=story.pk).update(updated_at=datetime(2026, 11, 20, 10, 0, tzinfo=IST))

    news_article, _ = json_ld(client, story.get_absolute_url())

    assert news_article["dateModified"] == "2026-11-21T08:15:00+05:30"
    assert news_article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misnamed the director.",
            "datePublished": "2026-11-20T11:00:00+05:30",
        }
    ]


def test_the_updated_time_is_the_modified_date_when_no_note_is_later(client, story):
    Article.objects.filter(pk=story.pk).update(updated_at=datetime(2026, 11, 22, 18, 45, 30, 999, tzinfo=IST))

    news_article, _ = json_ld(client, story.get_absolute_url())

    assert news_article["dateModified"] == "2026-11-22T18:45:30+05:30"


def test_a_story_without_a_byline_or_picture_is_the_publications_own_and_names_no_image(client):
    article = make_article(
        headline="Box office: the weekend's numbers", published_at=datetime(2026, 11, 20, tzinfo=IST)
    )

    news_article, _ = json_ld(client, article.get_absolute_url())

    assert news_article["author"] == [{"@type": "Organization", "name": "Newsroom", "url": f"{SITE}/"}]
    assert "image" not in news_article
    assert "keywords" not in news_article
    assert "description" not in news_article


def test_a_picture_whose_renditions_are_not_written_yet_is_named_by_its_original(client):
    hero = make_image(renditions=False, file=upload("still.jpg", image_bytes(size=(1400, 788))))
    article = make_article(hero_image=hero)

    news_article, _ = json_ld(client, article.get_absolute_url())

    assert news_article["image"] == [
        {"@type": "ImageObject", "url": f"{SITE}{hero.file.url}", "width": 1400, "height": 788}
    ]


def test_a_headline_that_closes_the_script_cannot_end_the_block(client):
    headline = 'Fans ask </script><script>alert("x")</script> & <!-- why'
    article = make_article(headline=headline)

    html = client.get(article.get_absolute_url()).content.decode()

    news_article, breadcrumbs = (json.loads(block) for block in JSON_LD.findall(html))
    assert news_article["headline"] == headline
    assert breadcrumbs["itemListElement"][2]["name"] == headline
    assert (
        '"headline":"Fans ask \\u003C/script\\u003E\\u003Cscript\\u003Ealert(\\"x\\")'
        '\\u003C/script\\u003E \\u0026 \\u003C!-- why"' in html
    )
    assert "<script>alert" not in html


def test_the_script_block_escapes_what_json_script_escapes():
    assert json_ld_script({"a": "<&>"}) == '<script type="application/ld+json">{"a":"\\u003C\\u0026\\u003E"}</script>'


def test_previews_carry_no_structured_data_for_an_unsaved_story_and_a_saved_ones_is_noindex(admin_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, headline="A draft")

    html = admin_client.get(draft.get_absolute_url()).content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert "max-image-preview" not in html


def test_the_publisher_is_the_site_as_editors_set_it_with_its_profiles(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the settings reach the cache after the commit
        update_site_settings(site_name="Filmy Khabar", instagram_url="https://www.instagram.com/filmykhabar/")

    news, _ = json_ld(client, story.get_absolute_url())

    assert news["publisher"]["name"] == "Filmy Khabar"
    assert news["publisher"]["sameAs"] == ["https://www.instagram.com/filmykhabar/"]
    assert news["publisher"]["logo"] == {"@type": "ImageObject", "url": f"{SITE}/static/favicon.svg"}
