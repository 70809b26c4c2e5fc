"""
The moderation queue in the admin: its default view, what a row shows, and the decisions a row offers.

The queue is the Comment changelist (comments/admin.py), so search, filters, pagination, bulk actions and
Django's preserved filters (`_changelist_filters`) work as everywhere in the admin. This module adds what
a changelist does not have: a status filter whose default is "Waiting" (with a "Reported" view), each
row's open reports and its sender's history, read for the whole page in two queries, and the buttons
that decide one comment and come back to the same queue URL.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from comments import services
from comments.models import BlockedSender, Comment, CommentFlag

Status = Comment.Status


class QueueFilter(admin.SimpleListFilter):
    """The queue's views. "Waiting" (pending and held) is the default, and shows as chosen when it is."""

    title = "queue"
    parameter_name = "status"
    DEFAULT = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting (pending or held)"),
            ("reported", "Reported by readers"),
            *((status.value, status.value.capitalize()) for status in Status),
            ("all", "All comments"),
        ]

    def value(self):
        return super().value() or self.DEFAULT

    def choices(self, changelist):
        # Django's first choice, "All", is the filter left out of the address: here that is "Waiting",
        # which is among the lookups already; "All comments" is a choice of its own.
        yield from list(super().choices(changelist))[1:]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "waiting":
            return queryset.awaiting_moderation()
        if value == "reported":
            return queryset.reported()
        if value == "all":
            return queryset
        if value in Status.values:
            return queryset.filter(status=value)
        raise IncorrectLookupParameters(f"No such view of the queue: {value}")


@dataclass(frozen=True)
class Reports:
    """A comment's open reports: how many, for which reasons (most frequent first), the latest's reason."""

    count: int = 0
    reasons: tuple = ()  # (short name, count) pairs
    latest: str = ""

    @classmethod
    def from_rows(cls, rows):
        if not rows:
            return cls()
        labels = dict(CommentFlag.Reason.choices)
        ordered = sorted(rows, key=lambda row: (-row["n"], row["reason"]))
        latest = max(rows, key=lambda row: row["latest"])
        return cls(
            count=sum(row["n"] for row in rows),
            # The reasons' short names ("personal"), the latest's in full: the cell stays narrow.
            reasons=tuple((row["reason"].replace("_", " "), row["n"]) for row in ordered),
            latest=labels.get(latest["reason"], latest["reason"]),
        )


@dataclass(frozen=True)
class Decision:
    name: str  # the `decision` a row's button posts
    label: str
    key: str  # the keyboard shortcut (static/comments/admin/queue.js)
    done: str  # for the message: "Comment 12 approved."


APPROVE = Decision("approve", "Approve", "a", "approved")
KEEP = Decision("keep", "Keep", "a", "kept, and its reports settled")
REJECT = Decision("reject", "Reject", "r", "rejected")
REMOVE = Decision("remove", "Remove", "r", "removed")
SPAM = Decision("spam", "Spam", "s", "marked as spam")
SERVICES = {
    "approve": services.approve_comment,
    "keep": services.keep_comment,
    "reject": services.reject_comment,
    "remove": services.remove_comment,
    "spam": services.mark_spam,
}
DECISIONS = {decision.name: decision for decision in (APPROVE, KEEP, REJECT, REMOVE, SPAM)}


def row_decisions(comment, open_reports):
    """The decisions a row offers, one per key: what the comment's status allows (services.ALLOWED_FROM)."""
    if comment.status in Comment.AWAITING_STATUSES:
        return [APPROVE, REJECT, SPAM]
    if comment.status == Status.PUBLISHED:
        return [KEEP, REMOVE, SPAM] if open_reports else [REMOVE, SPAM]
    if comment.status == Status.REJECTED:
        return [APPROVE, SPAM]
    if comment.status == Status.SPAM:
        return [APPROVE]
    return []


def decide(comment, decision_name, *, moderator):
    """Apply one row's decision through its service; raises ValidationError when it is refused."""
    return SERVICES[decision_name](comment, moderator=moderator)


def annotate_page(comments):
    """Give each comment of a queue page its sender's history and its open reports, in two queries.

    `sender_history`: the sender's comments by status (a Counter), counted by email address over the
    whole table (on the email index); `open_reports`: a Reports. The queries cover the page's comments
    together, so a page of 50 costs what a page of 5 does.
    """
    comments = list(comments)
    if not comments:
        return comments
    history = defaultdict(Counter)
    emails = {comment.email for comment in comments if comment.email}
    if emails:
        by_status = Comment.objects.filter(email__in=emails).order_by().values("email", "status")
        for row in by_status.annotate(n=Count("*")):  # COUNT(*): from the index alone on PostgreSQL too
            history[row["email"]][row["status"]] = row["n"]
    reports = defaultdict(list)
    flags = CommentFlag.objects.open().filter(comment_id__in=[comment.pk for comment in comments]).order_by()
    for row in flags.values("comment_id", "reason").annotate(n=Count("*"), latest=Max("created_at")):
        reports[row["comment_id"]].append(row)
    for comment in comments:
        comment.sender_history = history[comment.email] if comment.email else None
        comment.open_reports = Reports.from_rows(reports[comment.pk])
    return comments


class QueueChangeList(ChangeList):
    """The changelist with each row's extras read once per page, and a page past the end shown as the last."""

    def get_results(self, request):
        try:
            super().get_results(request)
        except IncorrectLookupParameters:
            # Deciding the last comment of the last page leaves a page number past the end: show the
            # page that is now the last, rather than the admin's "?e=1" page that drops the filters.
            last = self.model_admin.get_paginator(request, self.queryset, self.list_per_page).num_pages
            if self.page_num <= last:
                raise
            self.page_num = last
            super().get_results(request)
        annotate_page(self.result_list)  # evaluates the page's queryset, which keeps the decorated rows
        can_moderate = self.model_admin.has_moderate_permission(request)
        can_block = self.model_admin.has_block_permission(request)
        for comment in self.result_list:
            comment.queue_filters = self.preserved_filters
            comment.queue_can_moderate, comment.queue_can_block = can_moderate, can_block


# What a row shows (CommentAdmin.list_display) -----------------------------------------------------


def sender_cell(comment):
    history = getattr(comment, "sender_history", None)
    counts = ""
    if history is not None:
        parts = [
            (history[Status.PUBLISHED], "approved", "queue-count"),
            (
                history[Status.REJECTED],
                "rejected",
                "queue-count queue-count--bad" if history[Status.REJECTED] else "queue-count",
            ),
            (history[Status.SPAM], "spam", "queue-count queue-count--bad" if history[Status.SPAM] else "queue-count"),
        ]
        counts = format_html_join(" · ", '<span class="{}">{} {}</span>', ((cls, n, what) for n, what, cls in parts))
    return format_html(
        '<span class="queue-line" title="{}"><b dir="auto">{}</b> <span class="queue-muted">{}</span></span>'
        '<span class="queue-line" title="This sender\'s comments so far">{}</span>',
        comment.email,
        comment.name,
        comment.email or "no email",
        counts,
    )


def story_cell(comment):
    """The section and the article; the status, and for a waiting comment the reason it waits."""
    article = comment.article
    # The stored reason is the pipeline's (or the reports') decision; a moderator's later change of
    # status does not rewrite it, so it is shown only while it still says why the comment waits.
    why = comment.reason.partition(": ")[2] or comment.reason if comment.is_awaiting_moderation() else ""
    return format_html(
        '<span class="queue-line" title="{}">{} · <a href="?article={}">{}</a></span>'
        '<span class="queue-line" title="{}"><span class="queue-status queue-status--{}">{}</span> {}</span>',
        article.headline,
        article.section.name,
        article.pk,
        article.headline,
        comment.reason,
        comment.status,
        comment.status.capitalize(),
        why,
    )


def reports_cell(comment):
    reports = getattr(comment, "open_reports", None)
    if not reports or not reports.count:
        return ""
    count = ngettext("%(n)d report", "%(n)d reports", reports.count) % {"n": reports.count}
    reasons = format_html_join(", ", "{} ×{}", reports.reasons)
    return format_html(
        '<span class="queue-line queue-reports">{}</span><span class="queue-line">Latest: {}</span>'
        '<span class="queue-line queue-muted">{}</span>',
        count,
        reports.latest,
        reasons,
    )


def decide_cell(comment):
    """The row's buttons: each submits the changelist's form (its CSRF token) to the row's decide URL."""
    if not getattr(comment, "queue_can_moderate", False):
        return ""
    filters = getattr(comment, "queue_filters", "")
    suffix = f"?{filters}" if filters else ""
    action = reverse("admin:comments_comment_decide", args=[comment.pk]) + suffix
    reports = getattr(comment, "open_reports", None)
    buttons = format_html_join(
        "",
        '<button type="submit" class="queue-button queue-button--{}" formaction="{}" name="decision" value="{}" '
        'data-queue-key="{}" title="{} (key {})">{}</button>',
        (
            (decision.name, action, decision.name, decision.key, decision.label, decision.key, decision.label)
            for decision in row_decisions(comment, reports.count if reports else 0)
        ),
    )
    block = ""
    if comment.queue_can_block and (comment.email or comment.ip_address):
        block = format_html(
            '<a class="queue-button queue-button--block" href="{}">Block</a>',
            reverse("admin:comments_comment_block", args=[comment.pk]) + suffix,
        )
    return format_html('<span class="queue-decide">{}{}</span>', buttons, block)


# Blocking a sender ----------------------------------------------------------------------------------


class BlockSenderForm(forms.Form):
    email = forms.BooleanField(required=False)
    ip = forms.BooleanField(required=False)
    reason = forms.CharField(
        label="Why",
        max_length=BlockedSender._meta.get_field("note").max_length,
        help_text="For the other moderators: it is kept with the block.",
        error_messages={
            "required": "Please say why you block this sender, for the other moderators.",
            "max_length": "Please keep the reason under %(limit_value)d characters (it has %(show_value)d).",
        },
        widget=forms.TextInput(attrs={"size": 60}),
    )
    reject_waiting = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment = comment
        self.fields["email"].label = f"Block the email address {comment.email}" if comment.email else "No email address"
        self.fields["email"].initial = bool(comment.email)
        self.fields["email"].disabled = not comment.email
        self.fields["ip"].label = (
            f"Block the IP address {comment.ip_address}" if comment.ip_address else "No IP address (cleared)"
        )
        self.fields["ip"].disabled = not comment.ip_address
        self.fields[
            "ip"
        ].help_text = (
            "Many readers can share one address (mobile carriers, offices): block it only for a flood from it."
        )
        waiting = waiting_from_sender(comment)
        self.fields["reject_waiting"].label = "Also reject their comments waiting for moderation"
        self.fields["reject_waiting"].help_text = "{} from this email address, {} from this IP address.".format(
            ngettext("%(n)d waiting comment", "%(n)d waiting comments", waiting["email"]) % {"n": waiting["email"]},
            waiting["ip"],
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("ip"):
            raise forms.ValidationError("Choose the email address, the IP address or both.")
        return cleaned


def waiting_from_sender(comment):
    """How many comments from this email address, and from this IP address, wait for a moderator (one query)."""
    counts = {}
    if comment.email:
        counts["email"] = Count("pk", filter=Q(email=comment.email))
    if comment.ip_address:
        counts["ip"] = Count("pk", filter=Q(ip_address=comment.ip_address))
    found = Comment.objects.awaiting_moderation().aggregate(**counts) if counts else {}
    return {"email": found.get("email", 0), "ip": found.get("ip", 0)}


def block_message(result):
    """What a block did, for the message after it: "Blocked email x@example.com. 2 waiting comments rejected." """
    parts = []
    if result.blocked:
        parts.append(f"Blocked {' and '.join(result.blocked)}.")
    if result.already:
        parts.append(f"Already blocked: {' and '.join(result.already)}.")
    if result.rejected:
        parts.append(
            ngettext("%(n)d waiting comment rejected.", "%(n)d waiting comments rejected.", result.rejected)
            % {"n": result.rejected}
        )
    return " ".join(parts)
