from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.body import Post, Problem, split_blocks
from articles.models import Article, ArticleSocialPost
from social import paste


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


@dataclass
class SocialPostsResult:
    posts: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # one message per line the editor should fix, naming it


@transaction.atomic
def link_social_posts(article):
    """Link an article to the posts pasted in its body, in body order; new ones are fetched after commit.

    Called after the article itself is saved (admin, demo loader). Returns the posts and the lines the
    editor should look at: those are left out of the cards, and the rest of the article is saved as typed.
    """
    result = SocialPostsResult()
    pasted = {}
    for block in split_blocks(article.body):
        if isinstance(block, Post):
            pasted[block.position] = block.pasted
        elif isinstance(block, Problem):
            result.problems.append(block.message)
    linked = dict(zip(pasted, paste.archive_social_posts(pasted.values()), strict=True))
    existing = {link.position: link for link in article.social_post_links.all()}
    stale = [
        link.pk
        for position, link in existing.items()
        if position not in linked or linked[position].pk != link.social_post_id
    ]
    ArticleSocialPost.objects.filter(pk__in=stale).delete()
    ArticleSocialPost.objects.bulk_create(
        ArticleSocialPost(article=article, social_post=post, position=position)
        for position, post in linked.items()
        if position not in existing or existing[position].pk in stale
    )
    result.posts = list(linked.values())
    return result
