"""What every service module uses: refusing a change, fitting text to its column, the article's count."""

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles.models import Article
from comments.models import (
    Comment,
)
from newsroom.page_cache import SITE, invalidate, tags_of

Status = Comment.Status


class IllegalTransition(ValidationError):
    pass


def fit(model, field_name, text):
    """`text` cut to its column's length, read from the model so that each limit is written once."""
    return text[: model._meta.get_field(field_name).max_length]


# Counts ---------------------------------------------------------------------------------------


def recount_published(article_ids=None):
    """Store the published-comment count of these articles (None: of every article), counted afresh.

    Lists read Article.comment_count instead of counting per row, so every change that can alter the
    number calls this in its own transaction. Counting again, rather than adding or taking away one,
    means the column cannot drift from the comments whatever the change. One UPDATE (a correlated
    subquery on the comments' (article, status, …) index), which writes only the counts that differ;
    returns how many that was.
    """
    published = (
        Comment.objects.filter(article=OuterRef("pk"), status=Status.PUBLISHED)
        .order_by()
        .values("article")
        .annotate(n=Count("*"))  # COUNT(*): PostgreSQL answers from the index alone, COUNT(id) reads rows
        .values("n")
    )
    count = Coalesce(Subquery(published, output_field=IntegerField()), 0)
    articles = Article.objects.all() if article_ids is None else Article.objects.filter(pk__in=article_ids)
    changed = articles.exclude(comment_count=count).update(comment_count=count)
    # The threads and counts readers see: these stories' pages, and the lists that show their counts; a
    # recount of every story (manage.py recount_comments) that changed any expires every page.
    if article_ids is not None:
        invalidate(*tags_of("article", article_ids))
    elif changed:
        invalidate(SITE)
    return changed
