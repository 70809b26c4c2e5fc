"""Databases of earlier releases migrate forward with everything they hold."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article
from comments import folding
from comments.models import Comment

# The release before lists read a stored comment count.
BEFORE_COMMENT_COUNT = [("articles", "0005_move_social_posts_to_social"), ("comments", "0003_comment_text_max_length")]


def migrate(targets):
    """Migrate the test database to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_published_comments_are_counted_when_the_column_arrives():
    old = migrate(BEFORE_COMMENT_COUNT)
    section = old.get_model("articles", "Section").objects.create(name="Bollywood", slug="bollywood")
    OldArticle = old.get_model("articles", "Article")
    busy, quiet = (
        OldArticle.objects.create(
            headline=headline, slug=headline, section=section, status="published", published_at=timezone.now()
        )
        for headline in ("busy", "quiet")
    )
    OldComment = old.get_model("comments", "Comment")
    for status in ["published", "published", "pending", "removed"]:
        OldComment.objects.create(article=busy, name="Asha", email="a@example.com", text="Hi", status=status)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    counts = dict(Article.objects.values_list("headline", "comment_count"))
    assert counts == {"busy": 2, "quiet": 0}


@pytest.mark.django_db(transaction=True)
def test_comments_moderated_before_the_queue_keep_their_settled_reports_settled():
    old = migrate([("comments", "0004_fill_article_comment_count")])
    section = old.get_model("articles", "Section").objects.create(name="Bollywood", slug="bollywood")
    article = old.get_model("articles", "Article").objects.create(
        headline="Kept", slug="kept", section=section, status="published", published_at=timezone.now()
    )
    OldComment, OldEvent = old.get_model("comments", "Comment"), old.get_model("comments", "CommentEvent")
    kept, untouched = (
        OldComment.objects.create(article=article, name="Asha", email="a@example.com", text=text, status="published")
        for text in ("kept", "untouched")
    )
    reported_at, kept_at = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    for comment in (kept, untouched):
        old.get_model("comments", "CommentFlag").objects.create(comment=comment, reason="abuse", created_at=reported_at)
    OldEvent.objects.create(comment=kept, kind="pipeline", to_status="held", created_at=reported_at)
    OldEvent.objects.create(comment=kept, kind="moderation", to_status="published", created_at=kept_at)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Comment.objects.get(pk=kept.pk).reviewed_at == kept_at
    assert Comment.objects.get(pk=untouched.pk).reviewed_at is None
    assert list(Comment.objects.reported().values_list("text", flat=True)) == ["untouched"]


@pytest.mark.django_db(transaction=True)
def test_recent_comments_get_their_fingerprint_so_the_duplicate_check_knows_them_after_the_upgrade():
    old = migrate([("comments", "0007_moderation_reviews_reports_blocks")])
    section = old.get_model("articles", "Section").objects.create(name="Bollywood", slug="bollywood")
    article = old.get_model("articles", "Article").objects.create(
        headline="Fresh", slug="fresh", section=section, status="published", published_at=timezone.now()
    )
    OldComment = old.get_model("comments", "Comment")
    recent = OldComment.objects.create(article=article, name="Asha", email="a@example.com", text="Loved it!")
    long_ago = timezone.now() - timedelta(days=31)
    old_one = OldComment.objects.create(
        article=article, name="Asha", email="a@example.com", text="Long ago", created_at=long_ago
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Comment.objects.get(pk=recent.pk).text_fingerprint == folding.fingerprint("LOVED IT")
    assert Comment.objects.get(pk=old_one.pk).text_fingerprint == ""
