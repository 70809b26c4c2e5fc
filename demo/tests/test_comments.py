from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from articles.tests.builders import make_article
from comments.models import Comment, CommentEvent
from demo import comments

pytestmark = pytest.mark.django_db

PIPELINE_REASONS = {
    "pending: pre-moderation, waiting for a moderator",
    "held: first comment from this email address",
    "held: suspect word 'paid pr'",
    "held: 3 links (more than 2)",
    "rejected: banned word 'idiot'",
    "spam: the hidden field that only robots fill in was filled in",
    "spam: sent 0.4 s after the form opened (minimum 3 s), again after being asked to check it",
}


@pytest.fixture
def loaded():
    """The demo's comments on four stories published over the last days."""
    for hours_ago in (1, 30, 50, 70):
        make_article(published_at=timezone.now() - timedelta(hours=hours_ago))
    out = StringIO()
    comments.load(out)
    return out.getvalue()


def test_demo_without_articles_adds_nothing_and_says_so():
    out = StringIO()

    comments.load(out)

    assert out.getvalue() == "Demo comments: no published articles yet, so no comments added."
    assert Comment.objects.count() == 0


def test_demo_has_every_state_and_a_long_thread_and_a_second_run_adds_nothing(loaded):
    count = Comment.objects.count()

    out = StringIO()
    comments.load(out)

    assert out.getvalue() == "Demo comments: already there, nothing added."
    assert Comment.objects.count() == count
    assert loaded == f"Demo comments: {count} comments on 4 stories, in every moderation state."
    states = Counter(Comment.objects.values_list("status", flat=True))
    assert {status: n for status, n in states.items() if status != "published"} == {
        "pending": 3,
        "held": 7,
        "rejected": 3,
        "spam": 6,
        "removed": 1,
    }
    busiest = max(
        Comment.objects.published().values_list("article", flat=True).distinct(),
        key=lambda pk: Comment.objects.published().filter(article=pk).count(),
    )
    assert Comment.objects.published().filter(article=busiest).count() == 220
    assert Comment.objects.published().filter(parent__isnull=False).exists()
    assert Counter(Comment.objects.filter(status="held").values_list("reason", flat=True)) == {
        "held: suspect word 'paid pr'": 3,
        "held: 3 links (more than 2)": 3,
        "held: first comment from this email address": 1,
    }


def test_every_comment_was_decided_by_the_pipeline_when_it_was_sent(loaded):
    for comment in Comment.objects.prefetch_related("events"):
        first = comment.events.all()[0]
        assert (first.kind, first.created_at) == (CommentEvent.Kind.PIPELINE, comment.created_at)
        assert (first.rule, first.reason) == (comment.rule, comment.reason) or comment.status == "removed"
        assert first.reason in PIPELINE_REASONS
    assert set(Comment.objects.values_list("reason", flat=True)) == PIPELINE_REASONS | {"held: reported by 3 readers"}


def test_published_comments_were_approved_by_a_moderator_after_they_were_sent(loaded):
    published = Comment.objects.published().prefetch_related("events")

    for comment in published:
        [pipeline, approval] = comment.events.all()
        assert (approval.kind, approval.from_status, approval.to_status) == (
            "moderation",
            pipeline.to_status,
            "published",
        )
        assert approval.reason == "approve: demo moderator"
        assert comment.created_at < approval.created_at == comment.status_changed_at
    for reply in published.filter(parent__isnull=False).select_related("parent"):
        assert reply.created_at > reply.parent.status_changed_at


def test_comments_are_spread_over_the_last_days_and_none_before_its_story(loaded):
    now = timezone.now()
    times = list(Comment.objects.values_list("created_at", "article__published_at"))

    assert all(published_at <= created_at < now for created_at, published_at in times)
    assert min(created_at for created_at, _ in times) < now - timedelta(days=1)
    assert len({created_at for created_at, _ in times}) == len(times)


def test_every_reader_has_an_email_and_an_address_of_their_own(loaded):
    senders = list(Comment.objects.values_list("email", "ip_address"))

    assert len({email for email, _ in senders}) == len(senders)
    assert len({address for _, address in senders}) == len(senders)
    assert all(email.endswith("@demo.newsroom.test") for email, _ in senders)


def test_the_removed_comment_was_published_reported_by_three_readers_then_removed(loaded):
    removed = Comment.objects.get(status="removed")

    assert list(removed.events.values_list("kind", "from_status", "to_status", "reason")) == [
        ("pipeline", "", "pending", "pending: pre-moderation, waiting for a moderator"),
        ("moderation", "pending", "published", "approve: demo moderator"),
        ("flag", "", "", "reported by a reader: abuse (1 in all)"),
        ("flag", "", "", "reported by a reader: abuse (2 in all)"),
        ("flag", "", "", "reported by a reader: abuse (3 in all)"),
        ("pipeline", "published", "held", "held: reported by 3 readers"),
        ("moderation", "held", "removed", "remove: demo moderator"),
    ]
    assert removed.flags.count() == 3


def test_the_long_thread_goes_on_the_reactions_roundup_even_when_newer_stories_exist():
    for hours_ago in (1, 2, 3):
        make_article(published_at=timezone.now() - timedelta(hours=hours_ago))
    roundup = make_article(slug=comments.BIG_THREAD_SLUG, published_at=timezone.now() - timedelta(hours=5))

    comments.load(StringIO())

    assert Comment.objects.published().filter(article=roundup).count() == 220
