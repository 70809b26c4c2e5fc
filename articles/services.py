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
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from articles import images, invalidation, notifications, tasks
from articles.body import IMAGE_REFERENCE, Post, Problem, render_body, split_blocks
from articles.models import (
    LIVE_STATUSES,
    Action,
    Article,
    ArticleEvent,
    ArticleNote,
    ArticleRevision,
    ArticleSocialPost,
    Image,
    RevisionKind,
)
from articles.permissions import can_edit, can_publish
from newsroom.tasks import ATTEMPTS, retry_delay
from social import paste

log = logging.getLogger(__name__)

Status = Article.Status
Revision = ArticleRevision


class IllegalTransition(ValidationError):
    """The article cannot make this move as it stands, or this person may not make it."""


class ScheduleTimeHasPassed(ValidationError):
    """A schedule time that has already come: the admin asks whether to publish now instead."""


# The workflow -------------------------------------------------------------------------------------
# Every change of an article's status goes through transition(), from the state the article is in as
# the workflow sees it (a scheduled article whose time has come is published: Article.workflow_state).
# `actor` is the person making the change; None means the site itself (the demo loader, a command),
# which the roles do not restrict.

ALLOWED_FROM = {
    Status.IN_REVIEW: {Status.DRAFT},
    Status.DRAFT: {Status.IN_REVIEW},  # sent back to the writer
    # Scheduling a scheduled story moves it to the new time.
    Status.SCHEDULED: {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED},
    Status.PUBLISHED: {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED},
    Status.UNPUBLISHED: {Status.SCHEDULED, Status.PUBLISHED},
}
# What each state is called in a refusal: "Cannot publish “…”: it is already published."
STATE_WORDS = {
    Status.DRAFT: "a draft",
    Status.IN_REVIEW: "in review",
    Status.SCHEDULED: "scheduled",
    Status.PUBLISHED: "already published",
    Status.UNPUBLISHED: "unpublished",
}


def publication_problems(article):
    """Everything a live story lacks, one sentence each: empty when it may be scheduled or published."""
    problems = []
    if not article.headline.strip():
        problems.append("The story needs a headline.")
    if article.section_id is None:
        problems.append("The story needs a section.")
    if not article.body.strip():
        problems.append("The story needs a body.")
    hero = article.hero_image
    if hero is None:
        problems.append("The story needs a hero picture.")
    else:
        if not hero.alt_text.strip():
            problems.append("The hero picture needs a description (alt text) in the image library.")
        if not hero.credit.strip():
            problems.append("The hero picture needs a credit in the image library.")
    return problems


def review_problems(article):
    """What a story needs before an editor can review it: its words and its place."""
    return [problem for problem in publication_problems(article) if "hero picture" not in problem]


def check_schedule_time(at, *, now=None):
    """Refuse a schedule time that has come already, so the editor confirms publishing now instead."""
    now = timezone.now() if now is None else now
    if at <= now:
        raise ScheduleTimeHasPassed(
            "This time has already passed: tick “Publish now instead” to publish the story now, or pick a later time.",
            code="schedule_time_passed",
        )


def allowed_actions(article, actor):
    """The workflow moves `actor` may make on `article` now, as Action values in the order the form offers them."""
    state = article.workflow_state()
    moves = [
        (Action.SUBMITTED, Status.IN_REVIEW),
        (Action.SENT_BACK, Status.DRAFT),
        (Action.SCHEDULED, Status.SCHEDULED),
        (Action.PUBLISHED, Status.PUBLISHED),
        (Action.UNPUBLISHED, Status.UNPUBLISHED),
    ]
    return [action for action, to_status in moves if state in ALLOWED_FROM[to_status] and may(actor, action, article)]


def may(actor, action, article):
    """Whether `actor`'s role lets them make `action` (None, the site itself, may do anything)."""
    if actor is None:
        return True
    if action == Action.SUBMITTED:
        return can_edit(actor, article)
    return can_publish(actor)


REFUSED_ROLE = {
    Action.SUBMITTED: "You can submit only your own drafts for review.",
    Action.SENT_BACK: "Only editors can send a story back.",
    Action.SCHEDULED: "Only editors can schedule a story.",
    Action.PUBLISHED: "Only editors can publish a story.",
    Action.UNPUBLISHED: "Only editors can unpublish a story.",
}
VERBS = {
    Action.SUBMITTED: "submit",
    Action.SENT_BACK: "send back",
    Action.SCHEDULED: "schedule",
    Action.PUBLISHED: "publish",
    Action.UNPUBLISHED: "unpublish",
}


def transition(article, to_status, *, action, actor, note="", published_at=None, problems=None):
    """Move `article` to `to_status` if ALLOWED_FROM and `actor`'s role allow it, and record `action`.

    `problems` is the readiness check the move needs (publication_problems, review_problems); its whole
    list is the refusal. `published_at`, when given, becomes the article's publication time.
    """
    state = article.workflow_state()
    if state not in ALLOWED_FROM[to_status]:
        raise IllegalTransition(f"Cannot {VERBS[action]} “{article}”: it is {STATE_WORDS[state]}.")
    if not may(actor, action, article):
        raise IllegalTransition(REFUSED_ROLE[action])
    if problems is not None and (found := problems(article)):
        raise IllegalTransition([f"Cannot {VERBS[action]} “{article}”:", *found])
    article.status = to_status
    changed = ["status", "modified_at"]
    if published_at is not None:
        article.published_at = published_at
        changed.append("published_at")
    if action in (Action.SUBMITTED, Action.SENT_BACK):
        article.sent_back_note = note if action == Action.SENT_BACK else ""
        changed.append("sent_back_note")
    article.save(update_fields=changed)
    record_event(article, action, actor=actor, note=note)
    if state in LIVE_STATUSES or to_status in LIVE_STATUSES:
        invalidation.story_changed(article)  # readers' pages of it, and the lists it joins or leaves
    return article


def record_event(article, action, *, actor, note=""):
    """Add a step to `article`'s history; the save path calls it for "created", "edited" and the like.

    The steps someone should hear about (articles/notifications.py) queue their emails once this commits.
    """
    event = ArticleEvent.objects.create(article=article, action=action, actor=actor, note=note, at=timezone.now())
    if notifications.may_tell_someone(article, action, actor):
        transaction.on_commit(partial(tasks.notify_event.enqueue, event.pk))
    return event


def record_save(article, *, actor, created, restored=False):
    """The history of a save (save_article's): created, restored, edited, or edited after publishing."""
    if created:
        action = Action.CREATED
    elif restored:
        action = Action.RESTORED
    elif article.is_published():
        action = Action.EDITED_AFTER_PUBLISHING
    else:
        action = Action.EDITED
    return record_event(article, action, actor=actor)


@transaction.atomic
def submit_for_review(article, *, actor):
    """A draft goes to the editors; the note of an earlier send-back is cleared."""
    return transition(article, Status.IN_REVIEW, action=Action.SUBMITTED, actor=actor, problems=review_problems)


@transaction.atomic
def send_back(article, *, actor, note):
    """An editor returns a story in review to its writer, saying what it needs; the writer sees the note."""
    if not note.strip():
        raise IllegalTransition("Say what the story needs in the note, so the writer knows what to change.")
    return transition(article, Status.DRAFT, action=Action.SENT_BACK, actor=actor, note=note.strip())


@transaction.atomic
def schedule_article(article, *, at, actor, now=None):
    """Schedule the story for `at`, a time to come; it goes live by itself then (ArticleQuerySet.published)."""
    check_schedule_time(at, now=now)
    return transition(
        article, Status.SCHEDULED, action=Action.SCHEDULED, actor=actor, published_at=at, problems=publication_problems
    )


@transaction.atomic
def publish_article(article, *, actor, at=None):
    """Publish now. `at`, an earlier time, backdates it (the demo's stories); a time to come is a schedule."""
    now = timezone.now()
    if at is not None and at > now:
        raise IllegalTransition("A publication time still to come is a schedule: schedule the story instead.")
    return transition(
        article,
        Status.PUBLISHED,
        action=Action.PUBLISHED,
        actor=actor,
        published_at=at or now,
        problems=publication_problems,
    )


@transaction.atomic
def unpublish_article(article, *, actor):
    """Take a scheduled or live story away from readers; its publication time is kept."""
    return transition(article, Status.UNPUBLISHED, action=Action.UNPUBLISHED, actor=actor)


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


# Revisions and the optimistic lock ----------------------------------------------------------------


class EditConflict(ValidationError):
    """A save made from a form opened on an older version of the article than the one now saved.

    `latest` is the revision saved since (who and when), `started_from` the revision the refused form was
    opened on (None when it is gone), so that the editor can be shown what the other person changed.
    """

    def __init__(self, article, *, version):
        revisions = article.revisions.exclude(kind=Revision.Kind.AUTOSAVE).select_related("author")
        self.latest = revisions.first()
        self.started_from = revisions.filter(version=version).first()
        self.version = Article.objects.filter(pk=article.pk).values_list("version", flat=True).get()
        who = person(self.latest.author) if self.latest else "Someone"
        when = f" at {date_format(timezone.localtime(self.latest.created_at), 'H:i')}" if self.latest else ""
        super().__init__(f"{who} saved this story{when} while you were editing.", code="edit_conflict")


def person(user):
    """How an editor is named to other editors: their full name, else their username."""
    if user is None:
        return "Someone (an account since removed)"
    return user.get_full_name() or user.get_username()


def edit_conflict(article, version):
    """The EditConflict a save of `article` from a form opened on `version` would meet, or None."""
    if article.pk is None or version is None:
        return None
    current = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
    if current is None or current == version:
        return None
    return EditConflict(article, version=version)


def text_changes(article, previous):
    """The text fields of `article` that differ from revision `previous` (all of them when there is none)."""
    return [
        name for name in Revision.TEXT_FIELDS if previous is None or getattr(article, name) != getattr(previous, name)
    ]


@transaction.atomic
def save_article(article, *, actor, version=None, changed_fields=(), kind=RevisionKind.SAVED):
    """Save `article` as `actor` typed it and store the revision; the one save path of an article's text.

    `version` is the article's version the editor's form was opened on. The save goes through only if the
    article is still at that version, checked and moved on in one conditional UPDATE, so of two saves made
    from the same version exactly one wins, however close together they come; the other raises
    EditConflict and changes nothing. A new article starts at version 1. `changed_fields` are the names of
    the fields the editor changed (the form's changed_data); the text fields that differ from the previous
    revision are added to them. Saving also ends the actor's autosave of the article: what they typed is
    now saved.
    """
    adding = article._state.adding
    if adding:
        article.version = 1
        article.save()
        previous = None
    else:
        expected = article.version if version is None else version
        previous = article.revisions.exclude(kind=Revision.Kind.AUTOSAVE).first() or start_history(article)
        moved = Article.objects.filter(pk=article.pk, version=expected).update(version=F("version") + 1)
        if not moved:
            raise EditConflict(article, version=expected)
        article.version = expected + 1
        article.save()
    # The form's own fields (the workflow's choice, the version it was opened on) are not changes to the article.
    article_fields = {field.name for field in Article._meta.get_fields()} - {"version"}
    changed = [name for name in changed_fields if name in article_fields]
    changed += [name for name in text_changes(article, previous) if name not in changed]
    revision = Revision.objects.create(
        article=article,
        author=actor,
        kind=kind,
        version=article.version,
        headline=article.headline,
        standfirst=article.standfirst,
        body=article.body,
        changed_fields=changed,
    )
    if actor is not None:
        Revision.objects.filter(article=article, author=actor, kind=Revision.Kind.AUTOSAVE).delete()
    if adding or changed or kind == RevisionKind.RESTORED:
        record_save(article, actor=actor, created=adding, restored=kind == RevisionKind.RESTORED)
    if article.status in LIVE_STATUSES:
        invalidation.story_changed(article)
    return revision


def start_history(article):
    """The first revision of an article written without one (by the demo loader, say): its text as stored.

    None when the article has gone.
    """
    stored = Article.objects.filter(pk=article.pk).values("version", "modified_at", *Revision.TEXT_FIELDS).first()
    if stored is None:
        return None
    return Revision.objects.create(
        article_id=article.pk, created_at=stored.pop("modified_at"), kind=Revision.Kind.SAVED, **stored
    )


def restore_revision(revision, *, actor):
    """Make `revision`'s headline, standfirst and body the article's again: a new revision, of kind restored.

    Goes through save_article at the article's current version, so a save made meanwhile still wins the
    lock; the other fields of the article are left as they are.
    """
    article = Article.objects.get(pk=revision.article_id)
    changed = text_changes(article, revision)
    for name in Revision.TEXT_FIELDS:
        setattr(article, name, getattr(revision, name))
    return save_article(
        article, actor=actor, version=article.version, changed_fields=changed, kind=Revision.Kind.RESTORED
    )


@transaction.atomic
def autosave(article, *, actor, headline, standfirst, body, version):
    """Keep what `actor` is typing into `article` as their one autosave of it; the article is not touched.

    Replaces their earlier autosave. Each text is cut to its column's limit, as a form would refuse it,
    so that an autosave is never refused: the editor still sees their whole text in their form.
    """
    revision, _ = Revision.objects.update_or_create(
        article=article,
        author=actor,
        kind=Revision.Kind.AUTOSAVE,
        defaults={
            "created_at": timezone.now(),
            "version": version if version is not None else article.version,
            "headline": headline[: Revision._meta.get_field("headline").max_length],
            "standfirst": standfirst,
            "body": body,
        },
    )
    return revision


def discard_autosave(article, *, actor):
    """Forget `actor`'s autosave of `article`; returns whether there was one."""
    deleted, _ = Revision.objects.filter(article=article, author=actor, kind=Revision.Kind.AUTOSAVE).delete()
    return bool(deleted)


def pending_autosave(article, *, actor):
    """`actor`'s autosave of `article` if it is newer than the article's last save, else None."""
    if article.pk is None:
        return None
    found = Revision.objects.filter(article=article, author=actor, kind=Revision.Kind.AUTOSAVE).first()
    if found is None or found.created_at <= article.modified_at:
        return None
    return found


# Pictures' renditions (written by articles/tasks.py) -------------------------------------------------


def record_renditions(image, written):
    """Keep the renditions written for `image`'s file and focal point, delete those they replace, then render
    again the bodies that place it if its own shape changed.

    The row is updated only if it still has that file and that focal point; otherwise the renditions written
    belong to no row and are deleted. Returns whether they were kept.
    """
    focal_x, focal_y = written["focal"]
    current = Image.objects.filter(pk=image.pk, file=image.file.name, focal_x=focal_x, focal_y=focal_y)
    kept = current.update(
        stored_renditions=written,
        renditions_status=Image.RenditionStatus.READY,
        renditions_error="",
        renditions_failures=0,
        renditions_retry_at=None,
    )
    before, after = images.stored_names(image.stored_renditions), images.stored_names(written)
    if not kept:
        images.delete_renditions(image, after - before)
        return False
    images.delete_renditions(image, before - after)
    invalidation.image_changed(image)  # the stories it heads: the new files, not those just deleted
    if images.stored_sets(image).get(images.ORIGINAL) != written["sets"][images.ORIGINAL]:
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
    refreshed, changed = 0, []
    candidates = Article.objects.filter(body__contains=f"image:{image_id}").only("pk", "body", "body_html")
    for article in candidates.iterator():
        if image_id not in {int(match["id"]) for match in IMAGE_REFERENCE.finditer(article.body)}:
            continue  # image:12 inside image:123
        body_html = render_body(article.body)
        if body_html != article.body_html and Article.objects.filter(pk=article.pk, body=article.body).update(
            body_html=body_html, modified_at=timezone.now()
        ):
            refreshed += 1
            changed.append(article.pk)
    invalidation.bodies_changed(changed)
    return refreshed


def images_due_for_renditions(now):
    """Pictures whose renditions a task should be writing: still pending, or failed with a try that is due."""
    due_again = Q(renditions_status=Image.RenditionStatus.FAILED, renditions_retry_at__lte=now)
    return Image.objects.filter(Q(renditions_status=Image.RenditionStatus.PENDING) | due_again).order_by("pk")


def images_written_before_the_crops():
    """Pictures whose renditions are the WebP-only list written before the crops and the formats."""
    return Image.objects.filter(renditions_status=Image.RenditionStatus.READY).exclude(
        stored_renditions__has_key="sets"
    )


def write_due_renditions(*, limit=None, outdated=False):
    """Write the renditions a lost or failed task left (cron: `manage.py write_renditions`), here and now;
    with `outdated`, also those of pictures written before the crops and the formats (once, after the upgrade).

    Returns counts: "written", "failed" (kept on the image for the editor), "skipped" (done meanwhile).
    One picture's failure never stops the run.
    """
    counts = Counter()
    due = images_due_for_renditions(timezone.now())
    if outdated:
        due = (due | images_written_before_the_crops()).order_by("pk")
    for image in due[:limit]:
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
    record_event(article, Action.EDITED_AFTER_PUBLISHING, actor=actor, note=f"{note.get_kind_display()}: {note.text}")
    invalidation.story_changed(article)
    return note
