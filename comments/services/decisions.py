"""Moderators' decisions: every status change through transition(), readers' reports, blocks, the Moderator
group."""

import hashlib
import hmac
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import ngettext

from articles.roles import sync_role
from comments.models import (
    BlockedSender,
    Comment,
    CommentEvent,
    CommentFlag,
)
from comments.services.common import IllegalTransition, fit, recount_published
from comments.services.replies import reply_published

Status = Comment.Status


# Moderation -----------------------------------------------------------------------------------

ALLOWED_FROM = {
    Status.PUBLISHED: {Status.PENDING, Status.HELD, Status.REJECTED, Status.SPAM},
    Status.REJECTED: {Status.PENDING, Status.HELD},
    Status.SPAM: {Status.PENDING, Status.HELD, Status.PUBLISHED, Status.REJECTED},
    Status.REMOVED: {Status.PUBLISHED, Status.HELD},
    Status.HELD: {Status.PUBLISHED},  # by readers' reports (flag_comment), back to the moderators
}
VERBS = {
    Status.PUBLISHED: "approve",
    Status.REJECTED: "reject",
    Status.SPAM: "mark as spam",
    Status.REMOVED: "remove",
    Status.HELD: "hold",
}


def transition(comment, to_status, *, moderator, reason="", kind=CommentEvent.Kind.MODERATION, rule="", now=None):
    """Move a comment to `to_status` if ALLOWED_FROM allows it, and add the change to its history.

    A moderator's change is a MODERATION event. A rule's change (`rule` given, no moderator) is recorded
    as the `kind` of event the caller names and, like the pipeline's decision, becomes the comment's
    deciding rule and reason.
    """
    if comment.status not in ALLOWED_FROM[to_status]:
        raise IllegalTransition(
            f"Cannot {VERBS[to_status]} comment {comment.pk}: it is {comment.get_status_display().lower()}."
        )
    if moderator is not None and not moderator.has_perm("comments.moderate_comment"):
        raise IllegalTransition("Only moderators can change a comment's status.")
    now = timezone.now() if now is None else now
    reason = reason or (f"{VERBS[to_status]}: by {moderator}" if moderator else VERBS[to_status])
    from_status = comment.status
    comment.status = to_status
    comment.status_changed_at = now
    changed = ["status", "status_changed_at"]
    if rule:
        comment.rule = rule
        comment.reason = fit(Comment, "reason", reason)
        changed += ["rule", "reason"]
    if moderator is not None:
        # A moderator's decision settles the readers' reports made so far (see flag_comment).
        comment.reviewed_at = now
        changed.append("reviewed_at")
    comment.save(update_fields=changed)
    CommentEvent.objects.create(
        comment=comment,
        kind=kind,
        rule=rule,
        from_status=from_status,
        to_status=to_status,
        reason=fit(CommentEvent, "reason", reason),
        actor=moderator,
        created_at=now,
    )
    if Status.PUBLISHED in (from_status, to_status):
        recount_published([comment.article_id])
    if to_status == Status.PUBLISHED:
        reply_published(comment)
    return comment


@transaction.atomic
def approve_comment(comment, *, moderator, reason="", now=None):
    return transition(comment, Status.PUBLISHED, moderator=moderator, reason=reason, now=now)


@transaction.atomic
def reject_comment(comment, *, moderator, reason="", now=None):
    return transition(comment, Status.REJECTED, moderator=moderator, reason=reason, now=now)


@transaction.atomic
def mark_spam(comment, *, moderator, reason="", now=None):
    return transition(comment, Status.SPAM, moderator=moderator, reason=reason, now=now)


@transaction.atomic
def remove_comment(comment, *, moderator, reason="", now=None):
    """Take a comment down. The row stays (soft removal) with its history; readers no longer see it."""
    return transition(comment, Status.REMOVED, moderator=moderator, reason=reason, now=now)


def reporter_key(ip_address):
    """A keyed hash of the reporter's address: one reader counts once, and the address is not kept."""
    if not ip_address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"comment-flag:{ip_address}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def flag_comment(comment, *, reason, ip_address=None, reader="", now=None):
    """Record a reader's report; enough reports send a published comment back to the moderators.

    `reader` is the reporter's browser key as stored (`readers.reader_key`): one report per browser, so
    readers who share a carrier's address each report once; a report without one counts once per address.
    Toward COMMENTS_FLAGS_TO_HOLD count only open reports (made since a moderator last decided on the
    comment: keeping it settles the wave of reports that led there), and reports from one address count
    once, so a robot that drops its cookies cannot hide a comment by itself.
    Returns True when the report was counted, False when this reader had already reported the comment.
    """
    now = timezone.now() if now is None else now
    if comment.status != Status.PUBLISHED:
        raise IllegalTransition("Only published comments can be reported.")
    reporter = reporter_key(ip_address)
    same_reader = Q(reader=reader) if reader else Q(reporter=reporter, reader="")
    if (reader or reporter) and comment.flags.filter(same_reader).exists():
        return False
    try:
        with transaction.atomic():
            CommentFlag.objects.create(comment=comment, reason=reason, reporter=reporter, reader=reader, created_at=now)
    except IntegrityError:
        return False  # the same reader's report, a moment earlier from another tab or process
    is_open = CommentFlag.objects.open_condition()
    counts = CommentFlag.objects.filter(comment=comment).aggregate(
        total=Count("pk"),
        addresses=Count("reporter", distinct=True, filter=is_open & ~Q(reporter="")),
        unknown=Count("pk", filter=is_open & Q(reporter="")),
    )
    flags = counts["addresses"] + counts["unknown"]
    CommentEvent.objects.create(
        comment=comment,
        kind=CommentEvent.Kind.FLAG,
        reason=f"reported by a reader: {reason} ({counts['total']} in all)",
        created_at=now,
    )
    if flags >= settings.COMMENTS_FLAGS_TO_HOLD:
        transition(
            comment,
            Status.HELD,
            moderator=None,
            kind=CommentEvent.Kind.PIPELINE,
            rule="flags",
            reason=ngettext("held: reported by %(n)d reader", "held: reported by %(n)d readers", flags) % {"n": flags},
            now=now,
        )
    return True


@transaction.atomic
def keep_comment(comment, *, moderator, reason="", now=None):
    """Keep a published comment that readers reported: the reports so far are settled, and stop counting.

    Readers who report it afterwards count afresh. Approving a comment that reports held does the same
    (transition() marks every moderator's decision); this is the verb for one that is still published.
    """
    if comment.status != Status.PUBLISHED:
        raise IllegalTransition(f"Cannot keep comment {comment.pk}: it is {comment.get_status_display().lower()}.")
    if not moderator.has_perm("comments.moderate_comment"):
        raise IllegalTransition("Only moderators can change a comment's status.")
    now = timezone.now() if now is None else now
    settled = CommentFlag.objects.open().filter(comment=comment).count()
    if not settled:
        raise IllegalTransition(f"Comment {comment.pk} has no reports waiting for a moderator.")
    comment.reviewed_at = now
    comment.save(update_fields=["reviewed_at"])
    reports = ngettext("%(n)d report", "%(n)d reports", settled) % {"n": settled}
    CommentEvent.objects.create(
        comment=comment,
        kind=CommentEvent.Kind.MODERATION,
        from_status=Status.PUBLISHED,
        to_status=Status.PUBLISHED,
        reason=fit(CommentEvent, "reason", reason or f"kept after {reports}: by {moderator}"),
        actor=moderator,
        created_at=now,
    )
    return comment


@dataclass(frozen=True)
class BlockResult:
    blocked: list  # what this call blocked, e.g. ["email x@example.com", "IP address 192.0.2.1"]
    already: list  # what was blocked before
    rejected: int  # the sender's waiting comments rejected


@transaction.atomic
def block_sender(comment, *, email, ip, reason, reject_waiting, moderator, now=None):
    """Block the sender of `comment` by email address and/or IP address, for `reason`.

    With `reject_waiting`, the sender's comments still waiting (this one included) are rejected, each with
    its own moderation event. Each block records the moderator and the reason; the comment's history gets
    a line saying what was blocked and why.
    """
    if not (moderator.has_perm("comments.moderate_comment") and moderator.has_perm("comments.add_blockedsender")):
        raise IllegalTransition("Only moderators can block a sender.")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Please say why you block this sender, for the other moderators.")
    targets = []
    if email and comment.email:
        targets.append(("email", comment.email.strip().lower(), f"email {comment.email.strip().lower()}"))
    if ip and comment.ip_address:
        targets.append(("ip_address", comment.ip_address, f"IP address {comment.ip_address}"))
    if not targets:
        raise ValidationError("Choose the email address, the IP address or both.")
    now = timezone.now() if now is None else now
    blocked, already = [], []
    for field, value, what in targets:
        _, created = BlockedSender.objects.get_or_create(
            **{field: value}, defaults={"note": fit(BlockedSender, "note", reason), "created_by": moderator}
        )
        (blocked if created else already).append(what)
    CommentEvent.objects.create(
        comment=comment,
        kind=CommentEvent.Kind.MODERATION,
        reason=fit(
            CommentEvent,
            "reason",
            f"blocked the sender's {' and '.join(w for _, _, w in targets)}: {reason} (by {moderator})",
        ),
        actor=moderator,
        created_at=now,
    )
    rejected = 0
    if reject_waiting:
        sender = Q(pk__in=[])
        for field, value, _ in targets:
            sender |= Q(**{field: value})
        for waiting in Comment.objects.awaiting_moderation().filter(sender).order_by("created_at", "pk"):
            waiting = comment if waiting.pk == comment.pk else waiting  # the caller's copy stays current
            transition(
                waiting,
                Status.REJECTED,
                moderator=moderator,
                reason=fit(CommentEvent, "reason", f"reject: sender blocked by {moderator}: {reason}"),
                now=now,
            )
            rejected += 1
    return BlockResult(blocked=blocked, already=already, rejected=rejected)


# Accounts -------------------------------------------------------------------------------------

MODERATOR_GROUP = "Moderator"


def ensure_moderator_group():
    """The Moderator group with exactly its permissions (comments/apps.py): comments yes, articles no."""
    return sync_role(MODERATOR_GROUP, apps.get_app_config("comments").roles[MODERATOR_GROUP])[0]
