from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles import services
from articles.body import render_body
from articles.forms import ArticleAdminForm
from articles.models import Article, Author, Image, Section, Tag


def thumbnail(image, size=80):
    if image is None or not image.width:
        return "—"
    rendition = image.renditions[0]
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="admin-thumbnail">',
        rendition.url,
        size,
        round(size * rendition.height / rendition.width),
        image.alt_text,
    )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["photo", "user"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "alt_text", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["preview", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "dimensions", "body_reference"]
    fields = ["file", "preview", "dimensions", "alt_text", "caption", "credit", "body_reference"]

    @admin.display(description="Picture")
    def preview(self, image):
        return thumbnail(image, size=160)

    @admin.display(description="Size in pixels")
    def dimensions(self, image):
        return f"{image.width} × {image.height}" if image.width else "—"

    @admin.display(description="To place it in an article body")
    def body_reference(self, image):
        if not image.pk:
            return "Save the picture first."
        return format_html("<code>![{}](image:{})</code> on a line of its own", image.alt_text, image.pk)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "hero_thumbnail", "section", "status", "byline", "published_at"]
    list_filter = ["status", "section", "authors", "published_at"]
    list_select_related = ["section", "hero_image"]
    search_fields = ["headline", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "tags", "hero_image"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "section", "authors", "hero_image", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at", "tags", "comments_open", "comment_prompt"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(Prefetch("authors", Author.objects.only("name")))

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="articles_article_preview"), *super().get_urls()]

    def preview_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return HttpResponse(status=403)
        return HttpResponse(render_body(request.POST.get("body", "")))

    @admin.display(description="Hero")
    def hero_thumbnail(self, article):
        return thumbnail(article.hero_image)

    @admin.display(description="Authors")
    def byline(self, article):
        return format_html_join(", ", "{}", ((author.name,) for author in article.authors.all())) or "—"

    def apply(self, request, queryset, service, done):
        changed = 0
        for article in queryset:
            try:
                service(article)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                changed += 1
        if changed:
            self.message_user(request, f"{changed} article{'s' if changed != 1 else ''} {done}.", messages.SUCCESS)

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        self.apply(request, queryset, services.publish_article, "published")

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self.apply(request, queryset, services.unpublish_article, "unpublished")
