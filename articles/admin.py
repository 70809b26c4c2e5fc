from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles import (
    admin_revisions,
    images,
    invalidation,
    preview_admin,
    services,
    site_settings_admin,  # noqa: F401 (registers the site settings' admin)
)
from articles.body import PROBLEMS_TEMPLATE, problems, render_preview
from articles.forms import ArticleAdminForm, AuthorAdminForm, ImageAdminForm, SectionAdminForm, TagAdminForm
from articles.models import Article, ArticleEvent, ArticleNote, Author, Image, Section, Tag, site_time
from articles.permissions import can_edit, can_preview, can_publish
from articles.slugs import slug_for
from articles.templatetags.desk import SCHEDULED_WITHIN
from newsroom.admin import apply_to_selected
from newsroom.csp import CSP
from newsroom.middleware import allow_frames, frameable_by_the_site
from social import admin as social_admin
from social import paste
from social.models import SocialPost


def thumbnail(image, size=80):
    if image is None or not image.width:
        return "—"
    rendition = image.renditions[0] if image.renditions else image.default_rendition
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="admin-thumbnail">',
        rendition.url,
        size,
        round(size * rendition.height / rendition.width),
        image.alt_text,
    )


class ExpiresThePagesShowingIt:
    """An admin of something whose name and address pages show (a section, an author, a tag): saving it, or
    deleting it, expires those pages in the page cache (articles/invalidation.py, `page_cache_changed`)."""

    page_cache_changed = None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.page_cache_changed(obj)

    def delete_model(self, request, obj):
        self.page_cache_changed(obj)  # before the delete, which forgets the primary key the tag names
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.page_cache_changed(obj)
        super().delete_queryset(request, queryset)


@admin.register(Section)
class SectionAdmin(ExpiresThePagesShowingIt, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    form = SectionAdminForm
    search_fields = ["name"]

    page_cache_changed = staticmethod(invalidation.section_changed)


@admin.register(Author)
class AuthorAdmin(ExpiresThePagesShowingIt, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    form = AuthorAdminForm
    search_fields = ["name"]
    autocomplete_fields = ["photo", "user"]

    page_cache_changed = staticmethod(invalidation.author_changed)


@admin.register(Tag)
class TagAdmin(ExpiresThePagesShowingIt, admin.ModelAdmin):
    list_display = ["name", "slug"]
    form = TagAdminForm
    search_fields = ["name"]

    page_cache_changed = staticmethod(invalidation.tag_changed)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["preview", "alt_text", "credit", "dimensions", "renditions_status", "uploaded_at"]
    list_display_links = ["preview", "alt_text"]
    list_filter = ["renditions_status"]
    search_fields = ["alt_text", "caption", "credit"]
    actions = ["write_renditions_again"]
    readonly_fields = ["preview", "dimensions", "resized_copies", "focal_point", "body_reference"]
    fields = [
        "file",
        "preview",
        "dimensions",
        "resized_copies",
        "focal_point",
        "focal_x",
        "focal_y",
        "alt_text",
        "caption",
        "credit",
        "body_reference",
    ]
    formfield_overrides = {
        # Three decimals are a pixel in a thousand; the browser refuses what is outside the picture.
        models.FloatField: {"widget": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"})},
    }

    class Media:
        css = {"all": ["articles/admin/focal_point.css"]}
        js = ["articles/admin/focal_point.js"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # Its alt text, caption and credit: in the stories it heads, and in the bodies that place it, which
            # are rendered with them.
            invalidation.image_changed(obj)
            services.refresh_bodies_showing(obj.pk)

    @admin.display(description="Focal point")
    def focal_point(self, image):
        """The picture to click, its marker and the three crops as they will be: focal_point.js moves them.

        Without the script, the two numbers below do it, and the crops shown are those written last.
        """
        if not image.pk or not image.width:
            return "Save the picture first, then click it here to choose the point its crops keep in view."
        shown = image.default_rendition
        previews = format_html_join(
            "",
            '<figure class="focal-point__preview"><div class="focal-point__crop focal-point__crop--{}">'
            '<img src="{}" alt="" data-shape="{}"></div><figcaption>{}</figcaption></figure>',
            (
                (shape.replace(":", "x"), crop_preview_url(image, shape, shown), shape, FOCAL_POINT_USES[shape])
                for shape in images.SHAPES
            ),
        )
        return format_html(
            '<div class="focal-point" data-focal-point data-original="{}" data-width="{}" data-height="{}">'
            '<div class="focal-point__frame"><img class="focal-point__image" src="{}" width="{}" height="{}" '
            'alt="{}"><button type="button" class="focal-point__marker" hidden '
            'aria-label="Focal point: use the arrow keys to move it" aria-describedby="focal-point-hint">'
            "</button></div>"
            '<p class="focal-point__hint" id="focal-point-hint">Click the picture where its subject is: the '
            "crops keep that point in view. The arrow keys move the point too, and the two numbers below "
            "set it exactly. Saving writes the crops again.</p>"
            '<div class="focal-point__previews">{}</div></div>',
            shown.url,
            image.width,
            image.height,
            shown.url,
            shown.width,
            shown.height,
            image.alt_text,
            previews,
        )

    @admin.display(description="Resized copies for readers")
    def resized_copies(self, image):
        if not image.pk:
            return "Written after you save the picture."
        if image.renditions_status != Image.RenditionStatus.FAILED:
            return image.renditions_summary()
        return format_html(
            "{}<details><summary>Technical details</summary><code>{}</code></details>",
            image.renditions_summary(),
            image.renditions_error,
        )

    @admin.action(description="Write renditions again", permissions=["change"])
    def write_renditions_again(self, request, queryset):
        apply_to_selected(self, request, queryset, services.write_renditions_again, "queued for new renditions")

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


IMAGE_CHOOSER_PAGE_SIZE = 24

FOCAL_POINT_USES = {
    "16:9": "16:9: list cards, the front page and sharing",
    "4:3": "4:3: search engines",
    "1:1": "1:1: search engines",
}


def crop_preview_url(image, shape, shown):
    """The crop as written last (what readers get now), or the picture itself before there is one."""
    written = images.crops(image, shape)
    return min(written, key=lambda r: abs(r.width - 480)).url if written else shown.url


class ArticleNoteInline(admin.StackedInline):
    """Corrections and updates on a live story: added through services.add_correction, never edited after.

    Shown on the change form of a story readers can see; only someone who may publish gets the empty row.
    """

    model = ArticleNote
    fields = ["kind", "text", "added"]
    readonly_fields = ["added"]
    extra = 1
    max_num = None
    verbose_name = "correction or update"
    verbose_name_plural = "Corrections and updates readers see at the foot of the story"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    def has_view_permission(self, request, obj=None):
        # Asked without an article too (for the inline's queryset): then whether the user reads articles.
        if obj is None:
            return request.user.has_perm("articles.view_article") or request.user.has_perm("articles.change_article")
        return can_preview(request.user, obj)

    def has_add_permission(self, request, obj):
        return obj is not None and obj.is_published() and can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # What readers were told stays told; a superuser can still remove a note added by mistake.
        return obj is not None and request.user.is_superuser

    @admin.display(description="Added")
    def added(self, note):
        if not note.pk:
            return "Saving adds it with the current time, which becomes the story’s “Updated” time."
        when = site_time(note.created_at)
        return f"{when} by {note.created_by or 'a former user'}"


class StateFilter(admin.SimpleListFilter):
    """The article's state as readers live it: a scheduled story whose time has come is published."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in Article.Status]

    def queryset(self, request, queryset):
        value = self.value()
        if value == Article.Status.PUBLISHED:
            return queryset.published()
        if value == Article.Status.SCHEDULED:
            return queryset.scheduled()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class DeskFilter(admin.SimpleListFilter):
    """The desk's "See all" links on the admin index (articles/templatetags/desk.py): the signed-in person's."""

    title = "on my desk"
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [
            ("drafts", "My drafts"),
            ("sent_back", "Sent back to me"),
            ("next_24_hours", "Scheduled for the next 24 hours"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "drafts":
            return queryset.drafts_of(request.user)
        if value == "sent_back":
            return queryset.sent_back_to(request.user)
        if value == "next_24_hours":
            return queryset.scheduled_within(SCHEDULED_WITHIN)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleNoteInline]
    list_display = ["headline", "hero_thumbnail", "section", "state", "byline", "published_time"]
    # Newest first, stories with no time yet (drafts, reviews) last: on every database, as SQLite has it and
    # PostgreSQL, which puts nulls first in a descending order, would not.
    ordering = [F("published_at").desc(nulls_last=True), "-id"]
    list_filter = [StateFilter, DeskFilter, "section", "authors", "published_at"]
    list_select_related = ["section", "hero_image"]
    search_fields = ["headline", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["authors", "tags", "hero_image"]
    actions = ["submit", "publish", "unpublish"]
    readonly_fields = [
        "hero_preview",
        "social_posts_panel",
        "state_now",
        "note_from_the_editor",
        "history",
        "preview_links_panel",
        "text_history",
    ]
    # Not written to the row by the form: the form carries the chosen move, the workflow services apply it.
    exclude = ["status", "published_at", "version"]
    # What a writer may not set: when readers see a story as updated is the editors' decision.
    PUBLISHERS_ONLY = ["updated_at"]

    class Media:
        css = {
            "all": [
                "social/cards.css",
                "social/admin.css",
                "articles/admin/workflow.css",
                "articles/admin/revisions.css",
            ]
        }
        # Keeps what is typed in the browser and autosaves it; on the list too, to forget what a save there
        # confirmed: static/articles/admin/revisions.js.
        js = ["articles/admin/revisions.js"]

    def get_fieldsets(self, request, obj=None):
        workflow = ["state_now", "note_from_the_editor"]
        if self.has_change_permission(request, obj):
            workflow.append("workflow")
            if can_publish(request.user):
                workflow += ["send_back_note", "schedule_at", "publish_now_instead"]
        fieldsets = [
            (
                None,
                {
                    "fields": [
                        "headline",
                        "slug",
                        "standfirst",
                        "section",
                        "authors",
                        "hero_image",
                        "hero_preview",
                        "body",
                    ]
                },
            ),
            ("Workflow", {"fields": workflow}),
            ("Publishing", {"fields": ["updated_at", "tags", "comments_open", "comment_prompt"]}),
            ("Embedded social posts", {"fields": ["social_posts_panel"]}),
            # Revisions: the link to the history, the autosave offer, and the version the form was opened on.
            ("History of the text", {"fields": ["text_history", "version"]}),
        ]
        if obj is not None:
            fieldsets.append(("History", {"fields": ["history"]}))
        fieldsets.append(("Preview links", {"fields": ["preview_links_panel"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly += self.PUBLISHERS_ONLY
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # The form offers the moves this person may make: it learns who they are from its class.
        return type(form.__name__, (form,), {"actor": request.user})

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(Prefetch("authors", Author.objects.only("name")))

    def get_inlines(self, request, obj):
        # A story has notes only once it exists; the add form stays as it was.
        return (
            self.inlines if obj is not None else [inline for inline in self.inlines if inline is not ArticleNoteInline]
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        slug = self.admin_site.admin_view(self.slug_view)
        body_frame = self.admin_site.admin_view(frameable_by_the_site(self.body_frame_view))
        image_chooser = self.admin_site.admin_view(self.image_chooser_view)
        own = [
            path("images/", image_chooser, name="articles_article_image_chooser"),
            path("preview/", preview, name="articles_article_preview"),
            path("preview/frame/", body_frame, name="articles_article_preview_frame"),
            path("slug/", slug, name="articles_slug"),
            *self.get_preview_urls(),
            *self.revision_urls(),
        ]
        return [*own, *super().get_urls()]

    def get_preview_urls(self):
        """Reader previews of the form's unsaved fields and the preview links' buttons (articles/preview_admin.py)."""

        def view(function):
            return self.admin_site.admin_view(require_POST(partial(function, self)))

        return [
            path("reader-preview/", view(preview_admin.unsaved_changes), name="articles_article_reader_preview_add"),
            path(
                "<int:object_id>/reader-preview/",
                view(preview_admin.unsaved_changes),
                name="articles_article_reader_preview",
            ),
            path(
                "<int:object_id>/preview-links/",
                view(preview_admin.create_link),
                name="articles_article_preview_link_create",
            ),
            path(
                "<int:object_id>/preview-links/<int:link_id>/revoke/",
                view(preview_admin.revoke_link),
                name="articles_article_preview_link_revoke",
            ),
        ]

    def revision_urls(self):
        """The history of the text, comparing and restoring, and the autosave: articles/admin_revisions.py."""

        def view(function):
            return self.admin_site.admin_view(partial(function, model_admin=self))

        return [
            path("<int:object_id>/revisions/", view(admin_revisions.revisions_view), name="articles_article_revisions"),
            path(
                "<int:object_id>/revisions/<int:revision_id>/restore/",
                view(admin_revisions.restore_view),
                name="articles_article_revision_restore",
            ),
            path("<int:object_id>/autosave/", view(admin_revisions.autosave_view), name="articles_article_autosave"),
            path(
                "<int:object_id>/autosave/discard/",
                view(admin_revisions.discard_autosave_view),
                name="articles_article_autosave_discard",
            ),
        ]

    def save_model(self, request, obj, form, change):
        # The one save path of an article's text: the optimistic lock, the version, the revision.
        services.save_article(
            obj, actor=request.user, version=form.cleaned_data.get("version"), changed_fields=form.changed_data
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict:
            # Another save won the lock between this form's check and its own save (two requests side by
            # side on PostgreSQL): everything this one wrote was rolled back. Asked again, the form sees the
            # other save and shows the conflict, with the editor's text kept.
            response = super().changeform_view(request, object_id, form_url, extra_context)
        # The body editor's preview is a frame of the site (body_frame_view); no other page allows one.
        return allow_frames(response, [CSP.SELF])  # the body preview, a page of this site, in a frame

    @admin.display(description="Revisions")
    def text_history(self, article):
        return admin_revisions.text_history(article)

    def body_frame_view(self, request):
        """The page the body preview is shown in: the reader's stylesheet around an empty story body, which
        the form's script fills with what preview_view renders."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return HttpResponse(status=403)
        return TemplateResponse(request, "articles/admin/body_preview_frame.html", {})

    def image_chooser_view(self, request):
        """The image library's chooser the body editor opens: pictures found by description, caption or
        credit, a page of thumbnails at a time, each inserting its reference into the body."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return HttpResponse(status=403)
        query = request.GET.get("q", "").strip()[:200]
        images = Image.objects.order_by("-uploaded_at", "-id")
        if query:
            images = images.filter(
                Q(alt_text__icontains=query) | Q(caption__icontains=query) | Q(credit__icontains=query)
            )
        page = Paginator(images, IMAGE_CHOOSER_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "choices": [(image, thumbnail(image, size=120)) for image in page],
            "query": query,
            "chooser_url": reverse("admin:articles_article_image_chooser"),
        }
        return TemplateResponse(request, "articles/admin/image_chooser.html", context)

    def slug_view(self, request):
        """The slug the server would make of `text`: the slug boxes of every form here fill from it."""
        try:
            max_length = int(request.GET.get("max_length", ""))
        except ValueError:
            max_length = None
        return JsonResponse({"slug": slug_for(request.GET.get("text", "")[:1000], max_length)})

    def preview_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return HttpResponse(status=403)
        return HttpResponse(render_preview(request.POST.get("body", "")))

    def save_form(self, request, form, change):
        article = super().save_form(request, form, change)
        if not change:
            article.created_by = request.user
        return article

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # The article is saved as typed; now the workflow service makes the move the form offered and checked.
        form.apply_workflow(article, actor=request.user)
        # The body's posts are archived and linked here, after the article row is saved, and fetched
        # after the commit: Article.save() itself stays free of network and of writes to other models.
        result = services.link_social_posts(article)
        for problem in result.problems:
            self.message_user(request, problem, messages.WARNING)

    @admin.display(description="State", ordering="status")
    def state(self, article):
        return article.state_display()

    @admin.display(description="Publication time", ordering="published_at")
    def published_time(self, article):
        return site_time(article.published_at)

    @admin.display(description="Now")
    def state_now(self, article):
        return article.state_display() if article.pk else "New draft"

    @admin.display(description="Note from the editor")
    def note_from_the_editor(self, article):
        return article.sent_back_note or "—"

    @admin.display(description="What happened to this story")
    def history(self, article):
        events = article.events.select_related("actor") if article.pk else []
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (event.get_action_display(), event.actor or "The site", site_time(event.at), event.note or "")
                for event in events
            ),
        )
        if not rows:
            return "Nothing yet."
        return format_html(
            '<table class="article-history"><thead><tr><th>What</th><th>Who</th><th>When</th><th>Note</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            rows,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not ArticleNote:
            return super().save_formset(request, form, formset, change)
        # Notes are added by the service, which checks the editor's rights and dates the story; deletions
        # (superusers only) go through the formset as usual. The lists are what the admin's history reads.
        formset.new_objects, formset.changed_objects = [], []
        formset.deleted_objects = [note_form.instance for note_form in formset.deleted_forms if note_form.instance.pk]
        for note in formset.deleted_objects:
            note.delete()
        for note_form in formset.extra_forms:
            if note_form.has_changed() and note_form not in formset.deleted_forms:
                data = note_form.cleaned_data
                note = services.add_correction(form.instance, kind=data["kind"], text=data["text"], actor=request.user)
                formset.new_objects.append(note)
        return None

    @admin.display(description="Posts as readers see them")
    def social_posts_panel(self, article):
        found = problems(article.body)
        links = article.social_post_links.select_related("social_post") if article.pk else []
        cards = format_html_join("", "{}", ((paste.render_card(link.social_post, show_state=True),) for link in links))
        if found:
            cards = format_html("{}{}", render_to_string(PROBLEMS_TEMPLATE, {"problems": found}), cards)
        return format_html(
            '<div class="social-posts-panel">{}</div>',
            cards or "None yet. Paste a post’s address or its embed code on a line of its own in the body, then save.",
        )

    @admin.display(description="Shared previews")
    def preview_links_panel(self, article):
        return preview_admin.links_panel(article, settings.SITE_URL)

    @admin.display(description="Hero")
    def hero_thumbnail(self, article):
        return thumbnail(article.hero_image)

    @admin.display(description="Hero as saved")
    def hero_preview(self, article):
        if article.hero_image is None:
            return "No hero picture yet. Choose one above, or upload it with the + button."
        image = article.hero_image
        return format_html(
            "{}<p>{} <em>{}</em></p>", thumbnail(image, size=240), image.caption or image.alt_text, image.credit
        )

    @admin.display(description="Authors")
    def byline(self, article):
        return format_html_join(", ", "{}", ((author.name,) for author in article.authors.all())) or "—"

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit(self, request, queryset):
        apply_to_selected(
            self, request, queryset, services.submit_for_review, "submitted for review", actor=request.user
        )

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish(self, request, queryset):
        apply_to_selected(self, request, queryset, services.publish_article, "published", actor=request.user)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish(self, request, queryset):
        apply_to_selected(self, request, queryset, services.unpublish_article, "unpublished", actor=request.user)


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    """The site-wide history: every step of every article, read-only."""

    list_display = ["time", "action", "article_link", "actor"]
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "actor"]
    date_hierarchy = "at"
    search_fields = ["article__headline", "note"]
    fields = ["time", "action", "article_link", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Time", ordering="at")
    def time(self, event):
        return site_time(event.at)

    @admin.display(description="Article", ordering="article__headline")
    def article_link(self, event):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[event.article_id]), event.article
        )


# Social posts know nothing of articles; here their admin learns which articles use each post.
admin.site.unregister(SocialPost)


@admin.register(SocialPost)
class SocialPostAdmin(social_admin.SocialPostAdmin):
    list_display = [*social_admin.SocialPostAdmin.list_display, "articles_using"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("article_links__article", distinct=True))

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": [*options["fields"], "used_in"]}), *others]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "used_in"]

    @admin.display(description="Articles", ordering="article_count")
    def articles_using(self, post):
        return post.article_count

    @admin.display(description="Used in")
    def used_in(self, post):
        articles = Article.objects.filter(social_post_links__social_post=post).distinct().only("headline")
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:articles_article_change", args=[article.pk]), article.headline)
                    for article in articles
                ),
            )
            or "No article"
        )
