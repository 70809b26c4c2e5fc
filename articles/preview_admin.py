"""
The admin's side of previews: "Preview as readers see it" on the change form, and the "Preview links" panel
with its create and revoke buttons. ArticleAdmin (admin.py) routes its URLs here (get_urls) and shows the
panel as a read-only field; the rules are in previews.py and permissions.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from articles import previews, story_html
from articles.models import PreviewLink
from articles.permissions import can_edit, can_preview
from articles.views import render_article

INVALID_TEMPLATE = "articles/preview_invalid.html"
PANEL_TEMPLATE = "articles/admin/preview_links_panel.html"
LIFETIME_FIELD = "preview_link_lifetime"


def saved_article(model_admin, request, object_id):
    article = model_admin.get_object(request, str(object_id))
    if article is None:
        raise Http404("No article with that number")
    return article


def unsaved_changes(model_admin, request, object_id=None):
    """The change form's (or the add form's) posted fields, shown as readers will see them; nothing is saved."""
    saved = saved_article(model_admin, request, object_id) if object_id is not None else None
    allowed = can_edit(request.user, saved) if saved is not None else model_admin.has_add_permission(request)
    if not allowed:
        raise PermissionDenied
    form_class = model_admin.get_form(request, saved, change=saved is not None)
    form = form_class(request.POST, request.FILES, instance=saved)
    if not form.is_valid():
        response = render(
            request,
            INVALID_TEMPLATE,
            {"problems": form_problems(form)},
            status=400,
        )
        response["Cache-Control"] = "private, no-store"
        return response
    # The form has put the posted values on the instance; it is rendered, never saved.
    unsaved = previews.unsaved_article(form, saved)
    article = unsaved.article
    story = story_html.render(
        article,
        authors=unsaved.authors,
        tags=unsaved.tags,
        notes=article.notes.all() if article.pk else (),  # a new story has no corrections yet
        parts=unsaved.body_parts,
        is_preview=True,
    )
    return render_article(request, article, story, previews.unsaved_banner())


def form_problems(form):
    """Each error of `form` with the label of its field ("" for the form's own errors), in form order."""
    return [
        (form[name].label if name in form.fields else "", message)
        for name, errors in form.errors.items()
        for message in errors
    ]


def create_link(model_admin, request, object_id):
    article = saved_article(model_admin, request, object_id)
    if not can_preview(request.user, article):
        raise PermissionDenied
    try:
        hours = int(request.POST.get(LIFETIME_FIELD, previews.DEFAULT_LINK_LIFETIME))
        link = previews.create_preview_link(article, by=request.user, hours=hours)
    except ValueError:
        messages.error(request, "Choose how long the preview link should work: 1 hour, 24 hours, 48 hours or 7 days.")
    else:
        messages.success(
            request,
            format_html(
                'Preview link created, valid until {}: <a href="{}">{}</a>. Anyone with it can read this story.',
                previews.local_time(link.expires_at),
                previews.link_path(link),
                request.build_absolute_uri(previews.link_path(link)),
            ),
        )
    return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#preview-links")


def revoke_link(model_admin, request, object_id, link_id):
    article = saved_article(model_admin, request, object_id)
    if not can_preview(request.user, article):
        raise PermissionDenied
    link = get_object_or_404(PreviewLink, pk=link_id, article=article)
    if previews.revoke_preview_link(link):
        messages.success(request, "Preview link revoked: it now shows a page saying it was stopped.")
    else:
        messages.info(request, "That preview link was already revoked.")
    return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#preview-links")


def links_panel(article, site_url):
    """The change form's "Preview links" panel: the active links and the buttons to revoke them or add one."""
    if article is None or article.pk is None:
        return "Save the story first; then you can share a preview link to it."
    links = PreviewLink.objects.active().filter(article=article).select_related("created_by")
    return render_to_string(
        PANEL_TEMPLATE,
        {
            "article": article,
            "links": [
                {
                    "link": link,
                    "url": site_url.rstrip("/") + previews.link_path(link),
                    "expires": previews.local_time(link.expires_at),
                    "revoke_url": reverse("admin:articles_article_preview_link_revoke", args=[article.pk, link.pk]),
                }
                for link in links
            ],
            "lifetimes": previews.LINK_LIFETIMES,
            "default_lifetime": previews.DEFAULT_LINK_LIFETIME,
            "lifetime_field": LIFETIME_FIELD,
            "create_url": reverse("admin:articles_article_preview_link_create", args=[article.pk]),
            "is_live": article.is_published(),
        },
    )
