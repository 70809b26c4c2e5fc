"""The site settings in the admin: one change form, no list, no add or delete; changed by editors and superusers
(the `articles.change_sitesettings` permission, which the Editor role declares in articles/apps.py)."""

from django.contrib import admin
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse

from articles import site_settings
from articles.models import SITE_SETTINGS_ID, FooterLink, SiteSettings


class FooterLinkInline(admin.TabularInline):
    model = FooterLink
    extra = 0
    fields = ["label", "url", "position"]

    # The links are part of the settings: whoever may change the settings may change them (FooterLink has no
    # permissions of its own).
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_sitesettings") or self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_sitesettings")

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    inlines = [FooterLinkInline]
    # An address typed without its scheme ("x.com/newsroom") gets https://, not the http:// of Django 5.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["logo"]
    fieldsets = [
        ("Name and logo", {"fields": ["site_name", "show_logo", "logo", "logo_alt_text"]}),
        ("Footer", {"fields": ["show_tagline", "tagline", "show_footer_links"]}),
        (
            "Social profiles",
            {
                "description": "Linked from the footer of every page, as plain links (no script from the platforms).",
                "fields": [
                    "show_social_profiles",
                    "x_url",
                    "instagram_url",
                    "youtube_url",
                    "facebook_url",
                    "tiktok_url",
                    "threads_url",
                    "bluesky_url",
                ],
            },
        ),
        (
            "App promotion",
            {
                "description": "Shown under every story, before the comments, with a link to each store filled in.",
                "fields": [
                    "show_app_promotion",
                    "app_promotion_heading",
                    "app_promotion_text",
                    "app_store_url",
                    "google_play_url",
                ],
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # the one row is made when the settings are first opened (changelist_view)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        # Made on demand: the change form works before anyone has opened the settings.
        if from_field is None and object_id == str(SITE_SETTINGS_ID):
            return site_settings.settings_row()
        return super().get_object(request, object_id, from_field)

    def changelist_view(self, request, extra_context=None):
        """No list of one row: straight to its change form, made with the defaults the first time."""
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)  # Django's own refusal
        row = site_settings.settings_row()
        return redirect(reverse("admin:articles_sitesettings_change", args=[row.pk]))

    def response_change(self, request, obj):
        # Back to the form, not to a list that only redirects back.
        response = super().response_change(request, obj)
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            return redirect(request.path)
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The footer links are saved by now: write the settings into the cache once all of it commits.
        transaction.on_commit(site_settings.refresh_cache)
