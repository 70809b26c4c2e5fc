"""Databases of earlier releases migrate forward with everything they hold."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article

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
