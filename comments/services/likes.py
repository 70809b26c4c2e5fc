"""Likes: one per browser per comment, counted on the comment."""

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import ngettext

from comments.models import (
    Comment,
    CommentLike,
)
from comments.services.common import IllegalTransition

Status = Comment.Status


# Likes ----------------------------------------------------------------------------------------


class TooManyLikes(Exception):
    def __init__(self, retry_after):
        self.retry_after = retry_after
        message = ngettext(
            "Too many likes in a short time; try again in %(seconds)d second.",
            "Too many likes in a short time; try again in %(seconds)d seconds.",
            retry_after,
        )
        super().__init__(message % {"seconds": retry_after})


@dataclass(frozen=True)
class Like:
    liked: bool  # whether this reader likes the comment now
    count: int  # how many readers like it now


def like_address_key(ip_address):
    """A keyed hash of a liker's address, for the per-address limit: the address itself is not kept."""
    if not ip_address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"comment-like:{ip_address}".encode(), hashlib.sha256).hexdigest()


def check_like_limits(*, reader, address, now):
    """Refuse a browser, or an address, that liked too much within COMMENTS_LIKE_WINDOW seconds."""
    window = settings.COMMENTS_LIKE_WINDOW
    since = now - timedelta(seconds=window)
    limits = [("reader", reader, settings.COMMENTS_LIKES_PER_BROWSER)]
    limits.append(("address", address, settings.COMMENTS_LIKES_PER_ADDRESS))
    for field, value, limit in limits:
        if not value:
            continue
        recent = list(
            CommentLike.objects.filter(**{field: value, "created_at__gte": since})
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            raise TooManyLikes(max(1, math.ceil((recent[-1] + timedelta(seconds=window) - now).total_seconds())))


@transaction.atomic
def like_comment(comment, *, reader, ip_address=None, liked=True, now=None):
    """Record one reader's like of a published comment (or withdraw it) and store its like count afresh.

    `reader` is readers.reader_key() of the browser: one like per browser, however often it is sent.
    Liking again what the reader already likes changes nothing; every like given counts toward the rate
    limits (TooManyLikes), withdrawn ones too, so liking and unliking in a loop is limited like liking.
    The count is stored in the same transaction, counted again rather than added to (it cannot drift);
    the comment's row is locked first on PostgreSQL, so two readers' likes cannot both count stale.
    Returns a Like.
    """
    now = timezone.now() if now is None else now
    if not reader:
        raise ValueError("A like needs the reader's key.")
    if not list(Comment.objects.select_for_update().filter(pk=comment.pk, status=Status.PUBLISHED).values("pk")):
        raise IllegalTransition("Only published comments can be liked.")
    mine = CommentLike.objects.filter(comment=comment, reader=reader, withdrawn_at__isnull=True)
    if liked:
        address = like_address_key(ip_address)
        check_like_limits(reader=reader, address=address, now=now)
        try:
            with transaction.atomic():
                CommentLike.objects.create(comment=comment, reader=reader, address=address, created_at=now)
        except IntegrityError:
            pass  # already liked: one like per reader
    else:
        mine.update(withdrawn_at=now)
    count = CommentLike.objects.filter(comment=comment, withdrawn_at__isnull=True).count()
    Comment.objects.filter(pk=comment.pk).update(like_count=count)
    comment.like_count = count
    return Like(liked=liked, count=count)


def liked_by(reader, comment_ids):
    """Which of these comments this reader likes (one query; none for a reader without a key)."""
    if not reader or not comment_ids:
        return []
    return sorted(
        CommentLike.objects.filter(reader=reader, comment_id__in=comment_ids, withdrawn_at__isnull=True).values_list(
            "comment_id", flat=True
        )
    )


def purge_like_keys(*, older_than_days, now=None):
    """Clear the address hashes of old likes and delete old withdrawn ones (kept only for the limits).

    Run with purge_ip_addresses (manage.py purge_comment_ips). Returns (likes cleared, withdrawn deleted).
    """
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    with transaction.atomic():
        cleared = CommentLike.objects.filter(created_at__lt=cutoff).exclude(address="").update(address="")
        deleted, _ = CommentLike.objects.filter(withdrawn_at__lt=cutoff).delete()
    return cleared, deleted
