from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import ngettext

from social import services
from social.cards import render_card
from social.models import SocialPost


@admin.register(SocialPost)
class SocialPostAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "platform", "author_name", "state", "posted_at"]
    list_filter = ["platform", "state"]
    search_fields = ["author_name", "author_handle", "text", "permalink"]
    date_hierarchy = "posted_at"
    actions = ["refetch"]
    readonly_fields = ["card", "platform", "permalink", "state", "state_reason", "fetched_at", "checked_at"]
    fieldsets = [
        (None, {"fields": ["card", "platform", "permalink", "state", "state_reason"]}),
        (
            "Complete or correct the archive",
            {
                "description": "Readers see these fields on the card. Fill them in when the platform could not "
                "be asked (a fetch failed, or a Meta platform without an access token): saving the text or the "
                "author archives the post.",
                "fields": ["author_name", "author_handle", "text", "posted_at", "media_url"],
            },
        ),
        ("Checks", {"fields": ["fetched_at", "checked_at"]}),
    ]

    class Media:
        css = {"all": ["social/cards.css", "social/admin.css"]}

    def has_add_permission(self, request):
        return False  # posts come from what editors paste (an article body), not from this form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            services.complete_social_post(obj)

    @admin.display(description="As readers see it")
    def card(self, post):
        return format_html(
            '<div class="social-posts-panel">{}</div>', render_card(post, show_state=True, fields_below=True)
        )

    @admin.action(description="Re-fetch from the platform", permissions=["change"])
    def refetch(self, request, queryset):
        count = services.refetch_social_posts(queryset)
        queued = ngettext(
            "%(n)d post queued for a fetch from the platform.",
            "%(n)d posts queued for a fetch from the platform.",
            count,
        )
        self.message_user(
            request, f"{queued % {'n': count}} Reload this page in a few seconds to see the result.", messages.SUCCESS
        )
