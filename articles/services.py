"""
Everything that changes an article's status or its links to other apps, and what follows a picture's
renditions. The admin's form and its bulk actions, the demo, the tasks and the management commands all call
these functions, so an article is published by the same rules whatever the entry point; neither
Article.save() nor a form decides them.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles import images, tasks
from articles.body import IMAGE_REFERENCE, Post, Problem, render_body, split_blocks
from articles.models import Article, ArticleNote, ArticleSocialPost, Image
from articles.permissions import can_publish
from newsroom.tasks import ATTEMPTS, retry_delay
from social import paste

log = logging.getLogger(__name__)

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


# Pictures' renditions (written by articles/tasks.py) -------------------------------------------------


def record_renditions(image, written):
    """Keep the renditions written for `image`'s file, then render again the bodies that place it.

    The row is updated only if it still has that file; otherwise the renditions belong to no row and are
    deleted. Returns whether they were kept.
    """
    current = Image.objects.filter(pk=image.pk, file=image.file.name)
    kept = current.update(
        stored_renditions=written,
        renditions_status=Image.RenditionStatus.READY,
        renditions_error="",
        renditions_failures=0,
        renditions_retry_at=None,
    )
    if not kept:
        images.delete_renditions(image, written)
        return False
    refresh_bodies_showing(image.pk)
    return True


def record_renditions_failure(image, error):
    """Keep why writing `image`'s renditions failed; returns when to try again (None after the last try)."""
    failures = image.renditions_failures + 1
    retry_at = timezone.now() + retry_delay(failures) if failures < ATTEMPTS else None
    Image.objects.filter(pk=image.pk, file=image.file.name).update(
        renditions_status=Image.RenditionStatus.FAILED,
        renditions_error=f"{type(error).__name__}: {error}"[:2000],
        renditions_failures=failures,
        renditions_retry_at=retry_at,
    )
    return retry_at


def refresh_bodies_showing(image_id):
    """Render again the bodies that place picture `image_id`; returns how many changed.

    A body is rendered once, at save, with the addresses of its pictures' renditions, or with the
    original's while they are being written: this brings those bodies to the renditions. Each body is
    written only if it is still the text that was rendered, so an editor's save made meanwhile wins.
    Finding them reads every body that mentions the number (one scan: 32 ms at 10,000 articles on
    SQLite), in the worker, once per picture.
    """
    refreshed = 0
    candidates = Article.objects.filter(body__contains=f"image:{image_id}").only("pk", "body", "body_html")
    for article in candidates.iterator():
        if image_id not in {int(match["id"]) for match in IMAGE_REFERENCE.finditer(article.body)}:
            continue  # image:12 inside image:123
        body_html = render_body(article.body)
        if body_html != article.body_html:
            refreshed += Article.objects.filter(pk=article.pk, body=article.body).update(
                body_html=body_html, modified_at=timezone.now()
            )
    return refreshed


def images_due_for_renditions(now):
    """Pictures whose renditions a task should be writing: still pending, or failed with a try that is due."""
    due_again = Q(renditions_status=Image.RenditionStatus.FAILED, renditions_retry_at__lte=now)
    return Image.objects.filter(Q(renditions_status=Image.RenditionStatus.PENDING) | due_again).order_by("pk")


def write_due_renditions(*, limit=None):
    """Write the renditions a lost or failed task left (cron: `manage.py write_renditions`), here and now.

    Returns counts: "written", "failed" (kept on the image for the editor), "skipped" (done meanwhile).
    One picture's failure never stops the run.
    """
    counts = Counter()
    for image in images_due_for_renditions(timezone.now())[:limit]:
        retry = image.renditions_status == Image.RenditionStatus.FAILED
        try:
            wrote = tasks.write_renditions.call(image.pk, image.file.name, retry=retry)
        except Exception:
            log.exception("Writing the renditions of image %s failed", image.pk)
            counts["failed"] += 1
        else:
            counts["written" if wrote else "skipped"] += 1
    return counts


def write_renditions_again(image):
    """An editor asks for an image's renditions again (after a failure): queued after the commit."""
    Image.objects.filter(pk=image.pk).update(
        renditions_status=Image.RenditionStatus.PENDING, renditions_failures=0, renditions_retry_at=None
    )
    transaction.on_commit(partial(tasks.write_renditions.enqueue, image.pk, image.file.name))


# Corrections and updates ------------------------------------------------------------------------------


@transaction.atomic
def add_correction(article, *, kind, text, actor):
    """Add a correction or an update note to a live story, and move its “Updated” time to the note's.

    Only someone who may publish may add one. A plain edit announces nothing: the editor changes the story
    and, if they want it dated, its “Updated” time, without a note.
    """
    if not can_publish(actor):
        raise PermissionDenied("Only an editor who may publish can add a correction or an update.")
    if not article.is_published():
        raise ValidationError(
            "Corrections and updates are for stories readers can see: change the draft itself instead."
        )
    if kind not in ArticleNote.Kind.values:
        raise ValidationError(f"“{kind}” is not a kind of note: choose Correction or Update.")
    if not text.strip():
        raise ValidationError("Write what the correction or update says.")
    note = ArticleNote.objects.create(article=article, kind=kind, text=text.strip(), created_by=actor)
    article.updated_at = note.created_at
    Article.objects.filter(pk=article.pk).update(updated_at=note.created_at, modified_at=timezone.now())
    return note
