from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Section
from articles.tests.builders import make_article, make_section
from articles.tests.clock import time_machine

pytestmark = pytest.mark.django_db


def test_published_means_published_or_scheduled_and_due():
    now = timezone.now()
    live = make_article(published_at=now - timedelta(minutes=2))
    due = make_article(status=Article.Status.SCHEDULED, published_at=now - timedelta(minutes=1))
    make_article(published_at=now + timedelta(minutes=5))
    make_article(status=Article.Status.DRAFT, published_at=None)
    make_article(status=Article.Status.IN_REVIEW, published_at=None)
    make_article(status=Article.Status.UNPUBLISHED, published_at=now - timedelta(days=1))

    assert list(Article.objects.published()) == [due, live]
    assert [a.is_published() for a in Article.objects.order_by("pk")] == [True, True, False, False, False, False]


def test_the_state_in_words_says_when_a_scheduled_story_goes_live_and_published_once_it_has():
    at = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)  # 09:00 in Asia/Kolkata
    article = Article(status=Article.Status.SCHEDULED, published_at=at)

    with time_machine(at - timedelta(minutes=1)):
        before = article.state_display()
    with time_machine(at):
        after = article.state_display()

    assert (before, after) == ("Scheduled for 2 Dec 09:00 IST", "Published")
    assert [Article(status=status).state_display() for status in ["draft", "review", "unpublished"]] == [
        "Draft",
        "In review",
        "Unpublished",
    ]


def test_the_next_scheduled_time_is_the_earliest_still_to_come_in_one_query(django_assert_num_queries):
    now = timezone.now()
    make_article(status=Article.Status.SCHEDULED, published_at=now - timedelta(minutes=1))  # live already
    make_article(published_at=now + timedelta(hours=3))
    soonest = make_article(published_at=now + timedelta(hours=1))
    make_article(status=Article.Status.UNPUBLISHED, published_at=now + timedelta(minutes=5))

    with django_assert_num_queries(1):
        assert Article.objects.next_scheduled_time() == soonest.published_at


def test_there_is_no_next_scheduled_time_when_nothing_waits():
    make_article()

    assert Article.objects.next_scheduled_time() is None


def test_saving_fills_the_slug_from_the_headline_and_renders_the_body():
    article = make_article(headline="Deepika & Ranveer’s Diwali party", slug="", body="**Sparkling**")

    assert article.slug == "deepika-ranveers-diwali-party"
    assert article.body_html == "<p><strong>Sparkling</strong></p>\n"


@pytest.mark.parametrize("status", ["scheduled", "published"])
def test_a_scheduled_or_published_article_without_a_time_is_refused_by_the_database(status):
    article = make_article(status=status)

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


@pytest.mark.parametrize("status", ["draft", "review", "unpublished"])
def test_drafts_stories_in_review_and_unpublished_ones_may_have_no_time(status):
    article = make_article(status=status, published_at=None)

    assert Article.objects.get(pk=article.pk).published_at is None


def test_an_unknown_status_is_refused_by_the_database():
    article = make_article()

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="archived")


def test_a_section_cannot_take_a_slug_the_site_uses():
    section = Section(name="Tags", slug="tag")

    with pytest.raises(ValidationError, match="used by another part of the site"):
        section.full_clean()


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


def test_latest_per_section_leaves_out_the_stories_named_and_takes_the_next_ones():
    now = timezone.now()
    section = make_section()
    stories = [
        make_article(section=section, headline=f"a{hours}", published_at=now - timedelta(hours=hours))
        for hours in range(1, 6)
    ]

    picks = Article.objects.latest_per_section(2, excluding=[stories[0].pk, stories[2].pk])

    assert sorted(article.headline for article in picks) == ["a2", "a4"]
