import json

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from articles.models import Article
from comments import moderation, services
from comments.models import (
    BlockedSender,
    Comment,
    CommentEvent,
    CommentFlag,
    CommentPolicy,
    ReplySubscription,
    WordRule,
)
from newsroom.admin import apply_to_selected
from newsroom.times import machine_time


class RuleFilter(admin.SimpleListFilter):
    """Filter by the rule that decided a comment's status ("suspect word", "first-time commenter"…)."""

    title = "reason"
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        rules = Comment.objects.exclude(rule="").order_by("rule").values_list("rule", flat=True).distinct()
        return [(rule, rule.replace("_", " ")) for rule in rules]

    def queryset(self, request, queryset):
        return queryset.filter(rule=self.value()) if self.value() else queryset


class ArticleFilter(admin.SimpleListFilter):
    """The articles with comments waiting, busiest first; any article can be chosen from a comment's row."""

    title = "article"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        # Counted from the waiting comments' side (their index alone), not from every article's, and only
        # the busiest 15 articles' headlines read: joining before counting looked an article up for every
        # article with a comment waiting (2,500 at 100,000 comments, 25 ms on PostgreSQL; now 2 ms).
        waiting = Comment.objects.awaiting_moderation().order_by().values("article_id").annotate(n=Count("*"))
        busiest = waiting.order_by("-n", "article_id").values("article_id")[:15]
        count = waiting.filter(article_id=OuterRef("pk")).values("n")
        rows = (
            Article.objects.filter(pk__in=busiest)
            .annotate(waiting=Subquery(count))
            .order_by("-waiting", "pk")
            .values_list("pk", "headline", "waiting")
        )
        return [(str(pk), f"{Truncator(headline).chars(50)} ({waiting} waiting)") for pk, headline, waiting in rows]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(article_id=int(self.value()))
        return queryset


class CommentEventInline(admin.TabularInline):
    model = CommentEvent
    extra = 0
    fields = ["created_at", "kind", "rule", "from_status", "to_status", "reason", "actor"]
    readonly_fields = fields
    can_delete = False
    verbose_name = "history line"
    verbose_name_plural = "history: every decision, moderation and report"

    def has_add_permission(self, request, obj=None):
        return False


class CommentFlagInline(admin.TabularInline):
    model = CommentFlag
    extra = 0
    fields = ["created_at", "reason"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "reports from readers"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # The moderation queue (comments/moderation.py): one row per comment, every column two short lines
    # at most but the text, which wraps in full; the row's buttons decide it and come back here.
    list_display = ["comment_text", "sender", "story", "reports", "sent", "decide"]
    list_display_links = ["sent"]
    list_filter = [
        moderation.QueueFilter,
        RuleFilter,
        "article__section",
        ArticleFilter,
        "is_staff_comment",
        "created_at",
    ]
    list_select_related = ["article__section"]
    search_fields = ["text", "name", "email"]
    list_per_page = 50
    actions = ["approve", "reject", "spam", "remove", "export_sender_data", "erase_sender_data"]
    inlines = [CommentEventInline, CommentFlagInline]
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "reason", "is_staff_comment", "reviewed_at"]}),
        ("What the reader wrote", {"fields": ["name", "email", "text"]}),
        ("Abuse handling", {"fields": ["ip_address", "user_agent", "created_at", "status_changed_at"]}),
    ]
    readonly_fields = [
        "article",
        "parent",
        "status",
        "reason",
        "is_staff_comment",
        "reviewed_at",
        "name",
        "email",
        "text",
        "ip_address",
        "user_agent",
        "created_at",
        "status_changed_at",
    ]

    class Media:
        css = {"all": ["comments/admin/queue.css"]}
        js = ["comments/admin/queue.js"]

    def get_ordering(self, request):
        # Oldest first by default, so the comments that waited longest are decided first. Every view reads
        # in the order of an index (created_at; the waiting comments' own) and stops at the page's end.
        order = "" if settings.COMMENTS_QUEUE_OLDEST_FIRST else "-"
        return [f"{order}created_at", f"{order}id"]

    def get_changelist(self, request, **kwargs):
        return moderation.QueueChangeList

    def changelist_view(self, request, extra_context=None):
        # The queue needs the page's width for the comments: no navigation sidebar here (the breadcrumbs stay).
        context = {"is_nav_sidebar_enabled": False, "title": "Comments to moderate"}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/decide/", self.admin_site.admin_view(self.decide_view), name=f"{prefix}_decide"),
            path("<path:object_id>/block/", self.admin_site.admin_view(self.block_view), name=f"{prefix}_block"),
            *super().get_urls(),
        ]

    def queue_url(self, request):
        """The queue as the moderator left it: its filters, search and page (Django's preserved filters)."""
        context = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return add_preserved_filters(context, reverse("admin:comments_comment_changelist"))

    @admin.display(description="comment")
    def comment_text(self, comment):
        return format_html('<div class="queue-text" dir="auto">{}</div>', comment.text)

    @admin.display(description="sender")
    def sender(self, comment):
        return moderation.sender_cell(comment)

    @admin.display(description="article · status")
    def story(self, comment):
        return moderation.story_cell(comment)

    @admin.display(description="reports", empty_value="")
    def reports(self, comment):
        return moderation.reports_cell(comment)

    @admin.display(description="sent", ordering="created_at")
    def sent(self, comment):
        return format_html(
            '<time datetime="{}" title="Open comment {}: {}">{}</time>',
            machine_time(comment.created_at),
            comment.pk,
            timezone.localtime(comment.created_at).strftime("%d %b %Y, %H:%M"),
            naturaltime(comment.created_at),
        )

    @admin.display(description="decide")
    def decide(self, comment):
        return moderation.decide_cell(comment)

    def decide_view(self, request, object_id):
        """One row's button: approve, keep, reject, remove or mark as spam, then back to the same queue."""
        if request.method != "POST":
            return HttpResponseBadRequest("Decisions are sent by the queue's buttons.")
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        decision = moderation.DECISIONS.get(request.POST.get("decision", ""))
        if decision is None:
            return HttpResponseBadRequest("No such decision.")
        comment = self.get_object(request, object_id)
        if comment is None:
            self.message_user(request, f"Comment {object_id} is no longer there.", messages.WARNING)
            return HttpResponseRedirect(self.queue_url(request))
        try:
            moderation.decide(comment, decision.name, moderator=request.user)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.WARNING)
        else:
            self.message_user(request, f"Comment {comment.pk} {decision.done}.", messages.SUCCESS)
        return HttpResponseRedirect(self.queue_url(request))

    def block_view(self, request, object_id):
        """Block a comment's sender: a small confirmation form, then back to the queue it was opened from."""
        if not self.has_block_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, object_id)
        if comment is None:
            raise Http404("No such comment.")
        form = moderation.BlockSenderForm(request.POST if request.method == "POST" else None, comment=comment)
        if form.is_valid():
            try:
                result = services.block_sender(comment, moderator=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, moderation.block_message(result), messages.SUCCESS)
                return HttpResponseRedirect(self.queue_url(request))
        context = {
            **self.admin_site.each_context(request),
            "title": "Block this sender?",
            "opts": self.opts,
            "comment": comment,
            "form": form,
            "queue_url": self.queue_url(request),
            "preserved_filters": self.get_preserved_filters(request),
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(request, "admin/comments/comment/block_sender.html", context, status=status)

    change_form_template = "admin/comments/comment/change_form.html"
    # Button name: (label, the status it leads to, the service, what the message says was done).
    MODERATION_BUTTONS = {
        "_approve": ("Approve", Comment.Status.PUBLISHED, services.approve_comment, "approved"),
        "_keep": ("Keep, and settle its reports", None, services.keep_comment, moderation.KEEP.done),
        "_reject": ("Reject", Comment.Status.REJECTED, services.reject_comment, "rejected"),
        "_spam": ("Mark as spam", Comment.Status.SPAM, services.mark_spam, "marked as spam"),
        "_remove": ("Remove", Comment.Status.REMOVED, services.remove_comment, "removed"),
    }

    def offered_buttons(self, comment):
        """The buttons the comment's status allows; "Keep" for a published comment with open reports."""
        offered = []
        for name, (label, to_status, _, _) in self.MODERATION_BUTTONS.items():
            if to_status is None:
                allowed = comment.is_published() and CommentFlag.objects.open().filter(comment=comment).exists()
            else:
                allowed = comment.status in services.ALLOWED_FROM[to_status]
            if allowed:
                offered.append((name, label))
        return offered

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The comment's page offers the moderation actions its status allows, as buttons.

        After a button, the moderator is back in the queue with the filters and page they came from.
        """
        comment = self.get_object(request, object_id)
        buttons = []
        if comment is not None and self.has_moderate_permission(request):
            buttons = self.offered_buttons(comment)
        if request.method == "POST" and comment is not None:
            chosen = next((name for name in self.MODERATION_BUTTONS if name in request.POST), None)
            if chosen is None or not self.has_moderate_permission(request):
                raise PermissionDenied
            _, _, service, done = self.MODERATION_BUTTONS[chosen]
            try:
                service(comment, moderator=request.user)
                self.message_user(request, f"Comment {comment.pk} {done}.", messages.SUCCESS)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.WARNING)
            return HttpResponseRedirect(self.queue_url(request))
        context = {
            "moderation_buttons": buttons,
            "can_block": comment is not None and self.has_block_permission(request),
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **context})

    def has_add_permission(self, request):
        return False  # comments come from the site's form, staff comments included

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # removal is soft; deleting rows is for administrators

    # A superuser's delete goes through the service, which recounts the articles' published comments.
    def delete_model(self, request, obj):
        services.delete_comments(Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_comments(queryset)

    def has_change_permission(self, request, obj=None):
        # Every field is read-only: statuses change through the actions, which record who did what.
        return self.has_moderate_permission(request)

    def has_moderate_permission(self, request):
        """The moderation actions and buttons: approve, reject, mark as spam, remove."""
        return request.user.has_perm("comments.moderate_comment")

    def has_block_permission(self, request):
        """Blocking a sender: a moderator who may add blocked senders."""
        return self.has_moderate_permission(request) and request.user.has_perm("comments.add_blockedsender")

    def has_erase_permission(self, request):
        """Erasing a reader's data deletes comments, so it needs the permission to delete them."""
        return request.user.has_perm("comments.delete_comment")

    @admin.action(description="Approve (publish) selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        apply_to_selected(self, request, queryset, services.approve_comment, "approved", moderator=request.user)

    @admin.action(description="Reject selected comments", permissions=["moderate"])
    def reject(self, request, queryset):
        apply_to_selected(self, request, queryset, services.reject_comment, "rejected", moderator=request.user)

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def spam(self, request, queryset):
        apply_to_selected(self, request, queryset, services.mark_spam, "marked as spam", moderator=request.user)

    @admin.action(description="Remove selected published comments from the site", permissions=["moderate"])
    def remove(self, request, queryset):
        apply_to_selected(self, request, queryset, services.remove_comment, "removed", moderator=request.user)

    @admin.action(description="Export everything stored about the selected comments' email addresses (JSON)")
    def export_sender_data(self, request, queryset):
        emails = set(queryset.exclude(email="").values_list("email", flat=True))
        data = services.export_sender_data(emails)
        response = HttpResponse(
            json.dumps(data, indent=2, default=str, ensure_ascii=False), content_type="application/json"
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="comment-data-{stamp}.json"'
        return response

    @admin.action(
        description="Erase everything stored about the selected comments' email addresses…", permissions=["erase"]
    )
    def erase_sender_data(self, request, queryset):
        emails = sorted(set(queryset.exclude(email="").values_list("email", flat=True)))
        if request.POST.get("confirmed") == "yes":
            try:
                deleted, blanked = services.erase_sender_data(emails, moderator=request.user)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
                return None
            message = "Erased the data of {}: {}, {}.".format(
                ngettext("%(n)d email address", "%(n)d email addresses", len(emails)) % {"n": len(emails)},
                ngettext("%(n)d comment deleted", "%(n)d comments deleted", deleted) % {"n": deleted},
                ngettext(
                    "%(n)d emptied because other readers replied to it",
                    "%(n)d emptied because other readers replied to them",
                    blanked,
                )
                % {"n": blanked},
            )
            self.message_user(request, message, messages.SUCCESS)
            return None
        counts = {email: Comment.objects.filter(email=email).count() for email in emails}
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase a reader's data?",
            "opts": self.model._meta,
            "counts": counts,
            "queryset": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/comments/comment/erase_confirmation.html", context)


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ["word", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["word"]


@admin.register(BlockedSender)
class BlockedSenderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "created_by", "created_at"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by"]
    search_fields = ["email", "ip_address", "note"]


@admin.register(CommentPolicy)
class CommentPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mode", "auto_close_days"]
    list_filter = ["mode"]
    list_select_related = ["section", "article"]
    raw_id_fields = ["article"]


@admin.register(ReplySubscription)
class ReplySubscriptionAdmin(admin.ModelAdmin):
    """Who asked for reply emails, for a reader who writes in: everything read-only but "stop"."""

    list_display = ["email", "comment", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), ("unsubscribed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["comment"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = ["comment", "email", "created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]
    readonly_fields = fields
    actions = ["stop"]

    def has_add_permission(self, request):
        return False  # readers subscribe from the comment form, and confirm from their mailbox

    @admin.action(description="Stop the reply emails of the selected subscriptions", permissions=["change"])
    def stop(self, request, queryset):
        apply_to_selected(self, request, queryset, services.unsubscribe_from_replies, "stopped")
