"""
Everything that changes comments. The views, the admin actions, the management commands and the demo
all call these functions, so a comment behaves the same whatever the entry point.
"""

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from articles.models import Article
from comments import pipeline, tasks
from comments import text as writing
from comments.models import (
    BlockedSender,
    Comment,
    CommentEvent,
    CommentFlag,
    CommentLike,
    CommentPolicy,
    ReplySubscription,
)

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
        .annotate(n=Count("pk"))
        .values("n")
    )
    count = Coalesce(Subquery(published, output_field=IntegerField()), 0)
    articles = Article.objects.all() if article_ids is None else Article.objects.filter(pk__in=article_ids)
    return articles.exclude(comment_count=count).update(comment_count=count)


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


def serialize_sender(*, ip_address, email, reader_key=""):
    """Make one sender's posts wait for each other, so that the rate-limit count cannot race its insert.

    SQLite needs nothing: IMMEDIATE transactions already take the database's write lock at BEGIN.
    PostgreSQL gets transaction-scoped advisory locks, always address, then email, then browser (no lock
    cycles).
    """
    if connection.vendor != "postgresql":
        return
    keys = [
        f"comments:ip:{ip_address}" if ip_address else "",
        f"comments:email:{email}" if email else "",
        f"comments:browser:{reader_key}" if reader_key else "",
    ]
    with connection.cursor() as cursor:
        for key in keys:
            if key:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


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


# Reply notifications --------------------------------------------------------------------------
# A commenter who ticks "Email me when someone replies" gets a confirmation email; once they confirm,
# every reply published in their comment's thread after their comment (replies to replies join the
# thread) is emailed to them once. Emails go out through comments/tasks.py after the commit, so a rolled
# back change sends nothing and a slow mail server never holds the database's write lock.


def subscribe_to_replies(comment, *, now=None):
    """Ask the commenter to confirm reply notifications for this comment (double opt-in).

    Nothing for spam and rejected comments (a robot must not make us email the address it typed) or
    without an address. Returns the subscription, or None.
    """
    if not comment.email or comment.status in (Status.SPAM, Status.REJECTED):
        return None
    subscription, created = ReplySubscription.objects.get_or_create(
        comment=comment, defaults={"email": comment.email, "created_at": now or timezone.now()}
    )
    if created:
        transaction.on_commit(partial(tasks.send_subscription_confirmation.enqueue, subscription.pk))
    return subscription


@transaction.atomic
def confirm_reply_subscription(subscription, *, now=None):
    """The reader confirmed from their mailbox: replies are emailed from now on. Confirming twice is fine."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def resend_reply_confirmation(subscription):
    """A new confirmation email, for a reader whose link expired before they opened it."""
    if subscription.confirmed_at is not None or subscription.unsubscribed_at is not None:
        return subscription
    ReplySubscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)
    transaction.on_commit(partial(tasks.send_subscription_confirmation.enqueue, subscription.pk))
    return subscription


@transaction.atomic
def unsubscribe_from_replies(subscription, *, now=None):
    """Stop the emails about this comment's replies. Safe to repeat: the first time is kept."""
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


@transaction.atomic
def resubscribe_to_replies(subscription):
    """Undo an unsubscription (from the page the unsubscribe link opens). Needs the address confirmed."""
    if subscription.unsubscribed_at is not None:
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def reply_published(comment):
    """After the commit, tell the thread's subscribers about this reply (the task checks who, and once)."""
    if comment.parent_id is not None:
        transaction.on_commit(partial(tasks.notify_reply_subscribers.enqueue, comment.pk))


def export_reply_subscriptions(emails):
    subscriptions = ReplySubscription.objects.filter(email__in=emails).prefetch_related("notifications")
    return [
        {
            "comment_id": s.comment_id,
            "email": s.email,
            "created_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at and s.confirmed_at.isoformat(),
            "unsubscribed_at": s.unsubscribed_at and s.unsubscribed_at.isoformat(),
            "emails_about_replies": [
                {"reply_id": n.reply_id, "sent_at": n.sent_at and n.sent_at.isoformat()} for n in s.notifications.all()
            ],
        }
        for s in subscriptions.order_by("created_at", "pk")
    ]


# Accounts -------------------------------------------------------------------------------------

MODERATOR_GROUP = "Moderator"
MODERATOR_PERMISSIONS = [
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "moderate_comment"),
    ("comments", "view_commentevent"),
    ("comments", "view_commentflag"),
    ("comments", "view_wordrule"),
    ("comments", "add_wordrule"),
    ("comments", "change_wordrule"),
    ("comments", "delete_wordrule"),
    ("comments", "view_blockedsender"),
    ("comments", "add_blockedsender"),
    ("comments", "change_blockedsender"),
    ("comments", "delete_blockedsender"),
    ("comments", "view_commentpolicy"),
]


def ensure_moderator_group():
    """The Moderator group with exactly its permissions: comments yes, articles no. Safe to run again."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
    query = Q(pk__in=[])
    for app_label, codename in MODERATOR_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(query))
    return group
