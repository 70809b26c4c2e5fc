import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from articles.models import Article
from comments import services
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
        busiest = (
            Article.objects.filter(comments__status__in=Comment.AWAITING_STATUSES)
            .annotate(waiting=Count("comments"))
            .order_by("-waiting")
            .values_list("pk", "headline", "waiting")[:15]
        )
        return [(str(pk), f"{Truncator(headline).chars(50)} ({waiting} waiting)") for pk, headline, waiting in busiest]

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
    list_display = ["excerpt", "name", "email", "article_link", "status", "reason", "created_at"]
    list_display_links = ["excerpt"]
    list_filter = ["status", RuleFilter, "article__section", ArticleFilter, "is_staff_comment", "created_at"]
    list_select_related = ["article__section"]
    search_fields = ["text", "name", "email"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["approve", "reject", "spam", "remove", "export_sender_data", "erase_sender_data"]
    inlines = [CommentEventInline, CommentFlagInline]
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "reason", "is_staff_comment"]}),
        ("What the reader wrote", {"fields": ["name", "email", "text"]}),
        ("Abuse handling", {"fields": ["ip_address", "user_agent", "created_at", "status_changed_at"]}),
    ]
    readonly_fields = [
        "article",
        "parent",
        "status",
        "reason",
        "is_staff_comment",
        "name",
        "email",
        "text",
        "ip_address",
        "user_agent",
        "created_at",
        "status_changed_at",
    ]

    def get_ordering(self, request):
        # The queue: comments waiting for a moderator first, newest first within each group.
        waiting_first = Case(
            When(status__in=Comment.AWAITING_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return [waiting_first.asc(), "-created_at", "-id"]

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.text).chars(90)

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, comment):
        return format_html(
            '<a href="?article={}">{}</a>', comment.article_id, Truncator(comment.article.headline).chars(50)
        )

    change_form_template = "admin/comments/comment/change_form.html"
    # Button name: (label, the status it leads to, the service, what the message says was done).
    MODERATION_BUTTONS = {
        "_approve": ("Approve", Comment.Status.PUBLISHED, services.approve_comment, "approved"),
        "_reject": ("Reject", Comment.Status.REJECTED, services.reject_comment, "rejected"),
        "_spam": ("Mark as spam", Comment.Status.SPAM, services.mark_spam, "marked as spam"),
        "_remove": ("Remove", Comment.Status.REMOVED, services.remove_comment, "removed"),
    }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The comment's page offers the moderation actions its status allows, as buttons."""
        comment = self.get_object(request, object_id)
        buttons = []
        if comment is not None and self.has_moderate_permission(request):
            buttons = [
                (name, label)
                for name, (label, to_status, _, _) in self.MODERATION_BUTTONS.items()
                if comment.status in services.ALLOWED_FROM[to_status]
            ]
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
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "moderation_buttons": buttons}
        )

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
    list_display = ["__str__", "note", "created_at"]
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
