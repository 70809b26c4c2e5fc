from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article


@transaction.atomic
def publish_article(article, *, at=None):
    """Publish now, or at `at`, or at the time already scheduled on the article."""
    if article.status == Article.Status.PUBLISHED and at is None:
        raise ValidationError(f"“{article}” is already published.")
    if not article.headline.strip() or not article.body.strip():
        raise ValidationError(f"“{article}” needs a headline and a body before it can be published.")
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.save()
    return article


@transaction.atomic
def unpublish_article(article):
    """Take an article back to draft; its publication time is kept for when it comes back."""
    if article.status != Article.Status.PUBLISHED:
        raise ValidationError(f"“{article}” is not published.")
    article.status = Article.Status.DRAFT
    article.save()
    return article
