from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from comments import folding


# The values of every status and kind, written once. They live at module level, not nested in their
# models, so that each model's Meta.constraints can use them too (a nested class cannot see the names of
# the class around it); each model exposes its own as before, e.g. Comment.Status.PUBLISHED.
class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending (awaiting moderation)"
    HELD = "held", "Held by a rule (look closely)"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed after publication"


class EventKind(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline decision"
    MODERATION = "moderation", "Moderation"
    FLAG = "flag", "Reader report"


class WordKind(models.TextChoices):
    BANNED = "banned", "Banned: the comment is rejected"
    SUSPECT = "suspect", "Suspect: the comment is held for a moderator"


class FlagReason(models.TextChoices):
    ABUSE = "abuse", "Abusive or hateful"
    SPAM = "spam", "Spam or advertising"
    PERSONAL = "personal", "Shares someone's personal information"
    OFF_TOPIC = "off_topic", "Off topic"
    OTHER = "other", "Something else"


class PolicyMode(models.TextChoices):
    PRE = "pre", "Pre-moderation: nothing is public until a moderator approves it"
    POST = "post", "Post-moderation: public at once unless a rule holds it"
    CLOSED = "closed", "Closed: no new comments"


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def visible(self, own_ids=()):
        """What a reader may see: published comments, plus their own ones still waiting for a moderator."""
        return self.filter(self.visible_condition(own_ids))

    @staticmethod
    def visible_condition(own_ids=()):
        return Q(status=Comment.Status.PUBLISHED) | Q(pk__in=list(own_ids), status__in=Comment.AWAITING_STATUSES)

    def awaiting_moderation(self):
        return self.filter(awaiting=1)  # status pending or held, on the queue's index

    def reported(self):
        """Comments readers reported that no moderator has looked at since: the queue's "Reported" view.

        Read from the reports' side (pk IN the open reports' comments): reports are few, comments many.
        """
        open_reports = CommentFlag.objects.open().values("comment_id")
        return self.filter(status__in=Comment.REPORTABLE_STATUSES, pk__in=open_reports)

    def for_thread(self):
        """Only the columns a reader's page shows: never the email address or the IP address."""
        return self.only(
            "id", "article_id", "parent_id", "name", "text", "status", "is_staff_comment", "created_at", "like_count"
        )


class Comment(models.Model):
    Status = CommentStatus

    AWAITING_STATUSES = (Status.PENDING, Status.HELD)
    # Readers report published comments; enough reports hold one, and it waits with its reports.
    REPORTABLE_STATUSES = (Status.PUBLISHED, Status.HELD)

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one replies to. Threads are two levels deep: replies have no replies.",
    )
    name = models.CharField(max_length=80, help_text="Shown to readers next to the comment.")
    email = models.EmailField(max_length=254, blank=True, help_text="Seen by moderators only, never by readers.")
    # The database does not limit a TextField; the comment form does, reading max_length from here.
    text = models.TextField(max_length=3000)
    text_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A digest of the text as the duplicate check compares it: folded (capitals, spacing, "
        "punctuation and look-alike letters ignored), as the reader sent it. Set when the comment is stored.",
    )
    # Indexed with created_at in Meta.indexes (the queue), which serves lookups by status alone too.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Kept by the database from the status: 1 while the comment waits for a moderator, else NULL, so that
    # the queue's default view ("pending or held", oldest first) reads an index of the waiting comments
    # only, in order, and stops at the page's end. A condition on the status cannot do that: two statuses
    # are two ranges of an index, read whole and sorted together; a partial index on the status is not
    # used by a query whose values are bound parameters, as Django's are; and a filter on a boolean is
    # written as the bare column, which no index serves. "awaiting = 1" is an equality that implies the
    # partial indexes' "awaiting IS NOT NULL", so they serve it whatever the parameter.
    awaiting = models.GeneratedField(
        expression=Case(When(status__in=(CommentStatus.PENDING, CommentStatus.HELD), then=Value(1))),
        output_field=models.PositiveSmallIntegerField(null=True),
        db_persist=True,
        help_text="1 while the comment is pending or held (waiting for a moderator), else empty. Set by the "
        "database from the status.",
    )
    rule = models.CharField(
        max_length=40,
        blank=True,
        help_text="The pipeline rule that decided this comment's first status, e.g. “suspect_word”.",
    )
    reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the comment has its status, in words, e.g. “held: suspect word 'xyz'”.",
    )
    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a moderator last decided on this comment (approved, kept, rejected…). Readers' "
        "reports made before then are settled: they no longer count toward hiding it.",
    )
    is_staff_comment = models.BooleanField(
        "staff comment", default=False, help_text="Written by a member of staff; readers see a “Staff” badge."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(
        "IP address",
        null=True,
        blank=True,
        help_text="Kept for abuse handling only; cleared after COMMENTS_IP_RETENTION_DAYS days.",
    )
    user_agent = models.CharField("browser", max_length=300, blank=True)
    reader_key = models.CharField(
        "browser key",
        max_length=64,
        blank=True,
        help_text="A keyed hash of the browser's first-party cookie, for its rate limit; cleared with the IP address.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    like_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Readers who like this comment; counted again with every like."
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", "Can moderate comments (approve, reject, mark spam, remove)")]
        indexes = [
            # The article page: threads of one article in order, and the published count in lists.
            models.Index(fields=["article", "status", "parent", "created_at"], name="comment_thread_idx"),
            # The same threads "most liked" first (?sort=liked): read in order, not sorted per page view.
            models.Index(fields=["article", "status", "parent", "like_count", "created_at"], name="comment_liked_idx"),
            # Rate limits and "first-time commenter" look up a sender's recent comments.
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_recent_idx"),
            models.Index(fields=["email", "created_at"], name="comment_email_recent_idx"),
            models.Index(fields=["reader_key", "created_at"], name="comment_browser_recent_idx"),
            # The moderation queue: comments of one status in order of arrival; the waiting ones (pending
            # or held, the default view) in indexes of their own (see `awaiting`), in order of arrival and
            # by article (the article filter's counts); the reason filter's choices; each row's sender
            # history, counted from the index alone.
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(
                fields=["awaiting", "created_at"], condition=Q(awaiting__isnull=False), name="comment_waiting_idx"
            ),
            models.Index(
                fields=["awaiting", "article"], condition=Q(awaiting__isnull=False), name="comment_waiting_article_idx"
            ),
            models.Index(fields=["rule"], name="comment_rule_idx"),
            models.Index(fields=["email", "status"], name="comment_sender_history_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values),
                name="comment_status_valid",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="comment_not_own_parent"),
            models.CheckConstraint(condition=~Q(text=""), name="comment_text_not_empty"),
            models.CheckConstraint(
                condition=Q(is_staff_comment=False) | Q(user__isnull=False), name="staff_comment_has_user"
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        # Derived from the text as sent; the pipeline passes the one it computed, so it is folded once.
        if not self.text_fingerprint:
            self.text_fingerprint = folding.fingerprint(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def is_awaiting_moderation(self):
        return self.status in self.AWAITING_STATUSES


class CommentEvent(models.Model):
    """One line of a comment's history: a pipeline decision, a moderator's transition or a reader's report."""

    Kind = EventKind

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    rule = models.CharField(max_length=40, blank=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reason}"


class WordRule(models.Model):
    Kind = WordKind

    word = models.CharField(
        max_length=80,
        unique=True,
        help_text="A word or phrase, matched as a whole word whatever its capitals, accents, look-alike "
        "letters, spacing or leetspeak: “idiot” catches “IDIOT!”, “ｉｄｉｏｔ”, “і d і о t” and “1d10t” but not "
        "“idiotic”.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SUSPECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=WordKind.values), name="wordrule_kind_valid"),
            models.CheckConstraint(condition=~Q(word=""), name="wordrule_word_not_empty"),
        ]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = " ".join(self.word.split()).lower()
        super().save(*args, **kwargs)


class BlockedSender(models.Model):
    email = models.EmailField(
        blank=True, help_text="Every comment from this address is rejected. Leave empty to block an IP address."
    )
    ip_address = models.GenericIPAddressField(
        "IP address", null=True, blank=True, help_text="Every comment from this IP address is rejected."
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why, for the other moderators.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The moderator who blocked this sender.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(email="") & Q(ip_address__isnull=False)) | (~Q(email="") & Q(ip_address__isnull=True)),
                name="blockedsender_email_or_ip",
                violation_error_message="Block either an email address or an IP address, not both.",
            ),
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="blockedsender_unique_email"),
            models.UniqueConstraint(
                fields=["ip_address"], condition=Q(ip_address__isnull=False), name="blockedsender_unique_ip"
            ),
        ]

    def __str__(self):
        return self.email or str(self.ip_address)

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class CommentFlagQuerySet(models.QuerySet):
    def open(self):
        """Reports no moderator has settled: made after their comment's last moderation decision."""
        return self.filter(self.open_condition())

    @staticmethod
    def open_condition():
        return Q(comment__reviewed_at__isnull=True) | Q(created_at__gt=F("comment__reviewed_at"))


class CommentFlag(models.Model):
    Reason = FlagReason

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    reporter = models.CharField(
        max_length=64,
        blank=True,
        help_text="A keyed hash of the reporter's IP address: reports from one address count once toward "
        "hiding a comment. Cleared with the IPs.",
    )
    reader = models.CharField(
        max_length=64,
        blank=True,
        help_text="A keyed hash of the reporter's browser key (comments/readers.py), so one reader reports a "
        "comment once, whoever shares their address. Cleared with the IPs.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reader"], condition=~Q(reader=""), name="commentflag_once_per_browser"
            ),
            # A report without a browser key (a script, the demo) is one per address, as before browser keys.
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=~Q(reporter="") & Q(reader=""),
                name="commentflag_once_per_address",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=FlagReason.values),
                name="commentflag_reason_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class CommentPolicy(models.Model):
    """How comments are moderated on one section or one article, overriding the site's setting."""

    Mode = PolicyMode

    section = models.OneToOneField(
        "articles.Section",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_policy",
        help_text="Applies to every article in this section that has no policy of its own.",
    )
    article = models.OneToOneField(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_policy",
        help_text="Applies to this article only, whatever its section's policy.",
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.PRE)
    auto_close_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Close comments this many days after publication. Empty: the site's setting; 0: never.",
    )

    class Meta:
        verbose_name_plural = "comment policies"
        constraints = [
            models.CheckConstraint(
                condition=(Q(section__isnull=False) & Q(article__isnull=True))
                | (Q(section__isnull=True) & Q(article__isnull=False)),
                name="commentpolicy_section_xor_article",
                violation_error_message="A policy applies to either a section or an article.",
            ),
            models.CheckConstraint(condition=Q(mode__in=PolicyMode.values), name="commentpolicy_mode_valid"),
        ]

    def __str__(self):
        return f"{self.get_mode_display().split(':')[0]} for {self.article or self.section}"


# Likes and reply notifications (docs/comments.md, "Likes and sorting" and "Reply notifications") ------


class CommentLike(models.Model):
    """One reader's like of one comment. A withdrawn like keeps its row until the purge, so that the rate
    limit counts every like given, not only those still standing."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    reader = models.CharField(max_length=64, help_text="A keyed hash of the reader's browser key (comments/readers.py)")
    address = models.CharField(
        max_length=64,
        blank=True,
        help_text="A keyed hash of the reader's IP address, for the per-address limit. Cleared with the IPs.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The per-browser and per-address rate limits count recent likes.
            models.Index(fields=["reader", "created_at"], name="commentlike_reader_recent_idx"),
            models.Index(fields=["address", "created_at"], name="commentlike_address_recent_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reader"],
                condition=Q(withdrawn_at__isnull=True),
                name="commentlike_once_per_reader",
                violation_error_message="A reader likes a comment once.",
            ),
            models.CheckConstraint(condition=~Q(reader=""), name="commentlike_has_reader"),
        ]

    def __str__(self):
        return f"Like of comment {self.comment_id}"


class ReplySubscription(models.Model):
    """A commenter's request to be emailed about replies in the thread of one of their comments.

    One per comment, confirmed from the mailbox before anything is sent (double opt-in). Per comment
    rather than per address: an address confirmed once cannot be signed up for someone else's comments
    by whoever types it in, and "stop these emails" in a notification stops that conversation only.
    """

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="reply_subscription")
    email = models.EmailField(max_length=254, help_text="Where the notifications go: the comment's address.")
    created_at = models.DateTimeField(default=timezone.now)
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest confirmation email went out (empty: not yet)."
    )
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader confirmed from their mailbox; nothing is sent before."
    )
    unsubscribed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader stopped the emails; nothing is sent after."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"], name="replysubscription_email_idx")]
        constraints = [models.CheckConstraint(condition=~Q(email=""), name="replysubscription_has_email")]

    def __str__(self):
        return f"Replies to comment {self.comment_id} for {self.email}"

    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class ReplyNotification(models.Model):
    """One email about one reply to one subscriber: at most one ever, whatever happens to the reply."""

    subscription = models.ForeignKey(ReplySubscription, on_delete=models.CASCADE, related_name="notifications")
    reply = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the email went out. Empty after a failed send, which is tried again."
    )

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "reply"], name="replynotification_once_per_reply"),
        ]

    def __str__(self):
        return f"Reply {self.reply_id} to {self.subscription}"
