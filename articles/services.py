"""
Everything that changes an article's status or its links to other apps. The admin's form and its bulk
actions, the demo and the management commands all call these functions, so an article is published by the
same rules whatever the entry point; neither Article.save() nor a form decides them.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.body import Post, Problem, split_blocks
from articles.models import Article, ArticleSocialPost
from social import paste

Status = Article.Status


def publication_problems(article):
    """Why `article` cannot be published as it stands, for the editor: empty when it can."""
    if not article.headline.strip() or not article.body.strip():
        return [f"“{article.headline.strip() or 'This story'}” needs a headline and a body before it can be published."]
    return []


@transaction.atomic
def publish_article(article, *, at=None):
    """Publish now, or at `at`, or at the time already on the article; a future time schedules it.

    Publishing an article that is published already only moves it to the new time `at`.
    """
    if article.status == Status.PUBLISHED and at is None:
        raise ValidationError(f"“{article}” is already published.")
    if problems := publication_problems(article):
        raise ValidationError(problems)
    article.status = Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.save()
    return article


@transaction.atomic
def unpublish_article(article):
    """Take an article back to draft; its publication time is kept for when it comes back."""
    if article.status != Status.PUBLISHED:
        raise ValidationError(f"“{article}” is not published.")
    article.status = Status.DRAFT
    article.save()
    return article


@transaction.atomic
def change_status(article, *, status, at=None):
    """Move a saved article to the status an editor chose on its form, `at` being the time they gave.

    Published with no time means now (or the time it already had); a draft keeps the time given for later.
    """
    if status == Status.PUBLISHED:
        if article.status == Status.PUBLISHED and at in (None, article.published_at):
            return article
        return publish_article(article, at=at)
    if article.status == Status.PUBLISHED:
        unpublish_article(article)
    if at is not None and at != article.published_at:
        article.published_at = at
        article.save(update_fields=["published_at"])
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
