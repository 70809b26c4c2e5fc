"""A reader's comment: the article's policy, the rate limits, the pipeline, the stored row."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from comments import pipeline
from comments import text as writing
from comments.models import (
    Comment,
    CommentEvent,
    CommentPolicy,
)
from comments.services.common import fit, recount_published
from comments.services.replies import reply_published, subscribe_to_replies

Status = Comment.Status


class CommentsClosed(ValidationError):
    pass


class RateLimited(Exception):
    """A limit of comments per browser, email address or IP address was reached; `wait` says for how long."""

    def __init__(self, retry_after, what):
        self.retry_after = retry_after
        self.what = what  # "browser", "email address" or "IP address"
        self.wait = wait_in_words(retry_after)
        super().__init__(f"Too many comments from this {what}; try again in {self.wait}.")

    @property
    def notice(self):
        """What the reader is told: which limit, and how long to wait."""
        return (
            f"{RATE_LIMIT_NOTICES[self.what]} To keep the conversation readable, please wait {self.wait} and "
            "send your comment again. We kept what you wrote."
        )


RATE_LIMIT_NOTICES = {
    "browser": "You have sent several comments from this browser in a short time.",
    "email address": "You have sent several comments with this email address in a short time.",
    # The backstop: an innocent reader can meet it when an abuser shares their carrier's address.
    "IP address": "Many comments have come from your network in the last few minutes "
    "(readers on one mobile network can share an address).",
}


class TooFast(ValidationError):
    """The form came back faster than a person writes: the reader is asked to check it and send it again.

    Nothing is stored; `reason` is what the pipeline said, for logs and tests.
    """

    def __init__(self, reason):
        self.reason = reason
        super().__init__("That was quick: please check your comment and send it again.")


def wait_in_words(seconds):
    """A wait as a reader says it: "45 seconds", "about 7 minutes", "about 2 hours" (rounded to the nearest)."""
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    if seconds < 3600 - 30:
        minutes = max(1, math.floor(seconds / 60 + 0.5))
        return ngettext("about %(n)d minute", "about %(n)d minutes", minutes) % {"n": minutes}
    hours = max(1, math.floor(seconds / 3600 + 0.5))
    return ngettext("about %(n)d hour", "about %(n)d hours", hours) % {"n": hours}


# Policy ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectivePolicy:
    mode: str
    closes_at: object  # None: never closes by itself
    reason: str  # why comments are closed, for the reader; empty when open

    @property
    def is_open(self):
        return self.mode != CommentPolicy.Mode.CLOSED and not self.reason


def policy_for(article, now=None):
    """The moderation policy of one article: its own, else its section's, else the site's (one query)."""
    found = {
        ("article" if p.article_id else "section"): (p.mode, p.auto_close_days)
        for p in CommentPolicy.objects.filter(Q(article_id=article.pk) | Q(section_id=article.section_id))
    }
    return resolve_policy(article, [found[key] for key in ("article", "section") if key in found], now)


def resolve_policy(article, overrides, now=None):
    """The policy from the (mode, auto_close_days) overrides found, the article's first, then the site's."""
    now = now or timezone.now()
    mode = overrides[0][0] if overrides else settings.COMMENTS_MODERATION
    days = next((d for _, d in overrides if d is not None), settings.COMMENTS_AUTO_CLOSE_DAYS)
    closes_at = article.published_at + timedelta(days=days) if days and article.published_at else None
    if not article.is_published():
        return EffectivePolicy(CommentPolicy.Mode.CLOSED, closes_at, "Comments open when the story is published.")
    if not article.comments_open or mode == CommentPolicy.Mode.CLOSED:
        return EffectivePolicy(CommentPolicy.Mode.CLOSED, closes_at, "Comments are closed on this story.")
    if closes_at is not None and closes_at <= now:
        reason = ngettext(
            "Comments closed %(days)d day after publication.", "Comments closed %(days)d days after publication.", days
        )
        return EffectivePolicy(mode, closes_at, reason % {"days": days})
    return EffectivePolicy(mode, closes_at, "")


# Posting --------------------------------------------------------------------------------------


def check_rate_limits(*, ip_address, email, reader_key="", now):
    """Refuse a sender who posted too much lately, counting stored comments (shared by every process).

    The main limits are per browser and per email address; the one per IP address is a backstop sized for
    the many readers a mobile carrier puts behind one address (docs/comments.md has the numbers).
    """
    window = settings.COMMENTS_RATE_LIMIT_WINDOW
    since = now - timedelta(seconds=window)
    limits = [
        ("browser", Q(reader_key=reader_key), settings.COMMENTS_RATE_LIMIT_PER_BROWSER, bool(reader_key)),
        ("email address", Q(email=email), settings.COMMENTS_RATE_LIMIT_PER_EMAIL, bool(email)),
        ("IP address", Q(ip_address=ip_address), settings.COMMENTS_RATE_LIMIT_PER_IP, bool(ip_address)),
    ]
    for what, sender, limit, applies in limits:
        if not applies:
            continue
        recent = list(
            Comment.objects.filter(sender, created_at__gte=since)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            # The oldest of the last `limit` comments leaves the window first.
            retry_after = max(1, math.ceil((recent[-1] + timedelta(seconds=window) - now).total_seconds()))
            raise RateLimited(retry_after, what)


# The first key of PostgreSQL's two-key advisory locks: one namespace per kind of sender, so that an address
# and an email whose hashes collide never share a lock (or make a cycle between two kinds).
SENDER_LOCKS = {"ip": 1_700_001, "email": 1_700_002, "browser": 1_700_003}


def serialize_sender(*, ip_address, email, reader_key=""):
    """Make one sender's posts wait for each other, so that the rate-limit count cannot race its insert.

    SQLite needs nothing: IMMEDIATE transactions already take the database's write lock at BEGIN.
    PostgreSQL gets transaction-scoped advisory locks (released at COMMIT or ROLLBACK, so they hold only
    inside this transaction and need no session of their own: safe behind PgBouncer's transaction
    pooling), in one statement, always address, then email, then browser, so that two posts never wait
    for each other in a cycle.
    """
    if connection.vendor != "postgresql":
        return
    keys = [
        (SENDER_LOCKS[kind], value)
        for kind, value in (("ip", ip_address), ("email", email), ("browser", reader_key))
        if value
    ]
    if not keys:
        return
    # The select list is evaluated left to right, which is the order the locks are taken in.
    locks = ", ".join(["pg_advisory_xact_lock(%s, hashtext(%s))"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {locks}", [part for key in keys for part in key])


@transaction.atomic
def submit_comment(
    *,
    article,
    name,
    email,
    text,
    parent=None,
    ip_address=None,
    user_agent="",
    user=None,
    honeypot="",
    form_age=None,
    quick_tries=0,
    reader_key="",
    policy=None,
    now=None,
    notify_replies=False,
):
    """Run a reader's comment through the pipeline and store it with its status and every decision.

    Raises CommentsClosed when the article takes no comments, RateLimited when the sender posted too
    much lately, TooFast when the form came back faster than a person writes (the first time: a second
    too-fast post of the same form, `quick_tries` > 0, is stored as spam); in these cases nothing is stored.
    `reader_key`: the browser's keyed hash (comments.readers.reader_key), counted by the per-browser limit.
    The name and the text are stored NFC-normalised, whoever calls. On SQLite the transaction takes the
    write lock at BEGIN (transaction_mode IMMEDIATE), so the rate-limit count and the insert cannot
    interleave between processes.
    `policy`: the article's policy when the caller already looked it up (once per request), else looked up
    here. `now` (default: the current time) is the comment's time, and the end of the rate-limit window.
    `notify_replies`: the reader ticked "Email me when someone replies" (see subscribe_to_replies).
    """
    now = timezone.now() if now is None else now
    if policy is None:
        policy = policy_for(article, now)
    if not policy.is_open:
        raise CommentsClosed(policy.reason)
    if parent is not None:
        if parent.article_id != article.pk or parent.status != Status.PUBLISHED:
            raise ValidationError("You can only reply to a published comment on this story.")
        parent = parent if parent.parent_id is None else parent.parent  # threads are two levels deep
    email = email.strip().lower()
    name, text = writing.normalize(name), writing.normalize(text)
    sub = pipeline.Submission(
        article=article,
        parent=parent,
        name=name,
        email=email,
        text=text,
        mode=policy.mode,
        ip_address=ip_address,
        user_agent=fit(Comment, "user_agent", user_agent),
        user=user,
        honeypot=honeypot,
        form_age=form_age,
        quick_tries=quick_tries,
        reader_key=reader_key,
        now=now,
    )
    if not sub.is_staff:
        serialize_sender(ip_address=ip_address, email=email, reader_key=reader_key)
        check_rate_limits(ip_address=ip_address, email=email, reader_key=reader_key, now=now)
    status, decisions = pipeline.run(sub)
    decisive = decisions[-1]
    if status is None:
        raise TooFast(decisive.reason)
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        name=name,
        email=email,
        text=text,
        text_fingerprint=sub.fingerprint,
        status=status,
        rule=decisive.rule,
        reason=fit(Comment, "reason", decisive.reason),
        is_staff_comment=sub.is_staff,
        user=user if sub.is_staff else None,
        ip_address=ip_address,
        user_agent=sub.user_agent,
        reader_key=reader_key,
        created_at=now,
        status_changed_at=now,
    )
    CommentEvent.objects.bulk_create(
        CommentEvent(
            comment=comment,
            kind=CommentEvent.Kind.PIPELINE,
            rule=d.rule,
            to_status=status,
            reason=fit(CommentEvent, "reason", d.reason),
            created_at=now,
        )
        for d in decisions
    )
    if comment.is_published():
        recount_published([article.pk])
        reply_published(comment)
    if notify_replies:
        subscribe_to_replies(comment, now=now)
    return comment
