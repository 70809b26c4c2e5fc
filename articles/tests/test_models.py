from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles import services
from articles.models import Article, Section
from articles.tests.builders import make_article, make_section

pytestmark = pytest.mark.django_db


def test_published_means_published_and_due():
    now = timezone.now()
    live = make_article(published_at=now - timedelta(minutes=1))
    make_article(published_at=now + timedelta(minutes=5))
    make_article(status=Article.Status.DRAFT, published_at=None)

    assert list(Article.objects.published()) == [live]
    assert [a.is_published() for a in Article.objects.order_by("pk")] == [True, False, False]


def test_saving_fills_the_slug_from_the_headline_and_renders_the_body():
    article = make_article(headline="Deepika & Ranveer’s Diwali party", slug="", body="**Sparkling**")

    assert article.slug == "deepika-ranveers-diwali-party"
    assert article.body_html == "<p><strong>Sparkling</strong></p>\n"


def test_a_published_article_without_a_time_is_refused_by_the_database():
    article = make_article()

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_an_unknown_status_is_refused_by_the_database():
    article = make_article()

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="archived")


def test_a_section_cannot_take_a_slug_the_site_uses():
    section = Section(name="Tags", slug="tag")

    with pytest.raises(ValidationError, match="used by another part of the site"):
        section.full_clean()


def test_publishing_a_draft_stamps_the_time_and_unpublishing_keeps_it():
    article = make_article(status=Article.Status.DRAFT, published_at=None)

    services.publish_article(article)
    first_published_at = article.published_at
    services.unpublish_article(article)

    assert article.status == Article.Status.DRAFT
    assert article.published_at == first_published_at


def test_publishing_twice_is_refused_with_a_clear_message():
    article = make_article()

    with pytest.raises(ValidationError, match="is already published"):
        services.publish_article(article)


def test_an_empty_draft_cannot_be_published():
    article = make_article(status=Article.Status.DRAFT, published_at=None, body="  ")

    with pytest.raises(ValidationError, match="needs a headline and a body"):
        services.publish_article(article)


def test_latest_per_section_keeps_the_newest_of_every_section():
    now = timezone.now()
    a, b = make_section(), make_section()
    for hours in range(1, 6):
        make_article(section=a, headline=f"a{hours}", published_at=now - timedelta(hours=hours))
    make_article(section=b, headline="b1")

    headlines = [article.headline for article in Article.objects.latest_per_section(2)]

    assert sorted(headlines) == ["a1", "a2", "b1"]


def test_saving_an_article_read_earlier_keeps_the_comment_count_stored_since():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(comment_count=3)  # as a comment's approval does

    article.headline = "A corrected headline"
    article.save()

    assert Article.objects.values_list("headline", "comment_count").get(pk=article.pk) == ("A corrected headline", 3)


def test_saving_an_article_read_with_only_some_columns_saves_those():
    make_article(headline="Old headline")
    article = Article.objects.only("headline").get()

    article.headline = "New headline"
    article.save()

    assert Article.objects.get().headline == "New headline"
