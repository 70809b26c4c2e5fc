"""What is kept about readers, for how long, and their export and erasure."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.models import (
    BlockedSender,
    Comment,
    CommentEvent,
    CommentFlag,
    ReplySubscription,
)
from comments.services.common import IllegalTransition, recount_published
from comments.services.replies import export_reply_subscriptions

Status = Comment.Status


# Privacy --------------------------------------------------------------------------------------


def purge_ip_addresses(*, older_than_days, now=None):
    """Clear IP addresses, browser names, browser keys and reporter hashes older than the retention period.

    Idempotent and bounded by the data, so it is safe to run from cron as often as wanted.
    Returns (comments cleared, reports cleared).
    """
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    with transaction.atomic():
        comments = (
            Comment.objects.filter(created_at__lt=cutoff)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent="") | ~Q(reader_key=""))
            .update(ip_address=None, user_agent="", reader_key="")
        )
        flags = (
            CommentFlag.objects.filter(created_at__lt=cutoff)
            .filter(~Q(reporter="") | ~Q(reader=""))
            .update(reporter="", reader="")
        )
    return comments, flags


def export_sender_data(emails):
    """Everything stored about these email addresses, as plain data ready for JSON."""
    emails = sorted({e.strip().lower() for e in emails if e})
    comments = Comment.objects.filter(email__in=emails).select_related("article").prefetch_related("events", "flags")
    return {
        "emails": emails,
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": c.pk,
                "article": c.article.headline,
                "article_id": c.article_id,
                "parent_id": c.parent_id,
                "name": c.name,
                "email": c.email,
                "text": c.text,
                "status": c.status,
                "reason": c.reason,
                "staff_comment": c.is_staff_comment,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
                "browser_key": c.reader_key,
                "created_at": c.created_at.isoformat(),
                "history": [
                    {"at": e.created_at.isoformat(), "kind": e.kind, "to_status": e.to_status, "reason": e.reason}
                    for e in c.events.all()
                ],
                "reports_received": len(c.flags.all()),
            }
            for c in comments
        ],
        "blocked": list(BlockedSender.objects.filter(email__in=emails).values("email", "note", "created_at")),
        "reply_subscriptions": export_reply_subscriptions(emails),
    }


ERASED_NAME = "[erased]"


@transaction.atomic
def erase_sender_data(emails, *, moderator):
    """Erase everything stored about these email addresses.

    Comments that other readers replied to keep their place in the thread as an empty removed comment,
    so those replies survive; the rest are deleted with their history and reports. Blocks on the address
    stay: they are kept for abuse handling, and the export lists them. Returns (deleted, blanked).
    """
    if not moderator.has_perm("comments.delete_comment"):
        raise IllegalTransition("Only administrators who may delete comments can erase a reader's data.")
    emails = sorted({e.strip().lower() for e in emails if e})
    theirs = Comment.objects.filter(email__in=emails)
    article_ids = set(theirs.values_list("article_id", flat=True))
    keep_ids = set(
        Comment.objects.filter(parent__in=theirs).exclude(email__in=emails).values_list("parent_id", flat=True)
    )
    blanked = Comment.objects.filter(pk__in=keep_ids).update(
        name=ERASED_NAME,
        email="",
        text=ERASED_NAME,
        text_fingerprint="",
        ip_address=None,
        user_agent="",
        reader_key="",
        status=Status.REMOVED,
        reason="erased at the reader's request",
    )
    CommentEvent.objects.filter(comment_id__in=keep_ids).delete()
    # Their subscriptions go too, those on the comments kept for the thread included (with what was sent).
    ReplySubscription.objects.filter(email__in=emails).delete()
    deleted = Comment.objects.filter(email__in=emails).exclude(pk__in=keep_ids).count()
    Comment.objects.filter(email__in=emails).exclude(pk__in=keep_ids).delete()
    recount_published(article_ids)
    return deleted, blanked


@transaction.atomic
def delete_comments(comments):
    """Delete these comments for good, with their replies, history and reports, and recount their articles.

    The admin's hard delete, for superusers (moderators remove comments instead, which keeps the row).
    """
    article_ids = set(comments.values_list("article_id", flat=True))
    comments.delete()
    recount_published(article_ids)
