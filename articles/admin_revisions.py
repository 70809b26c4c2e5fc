"""The admin's pages for an article's revisions: the history of its text, comparing two revisions side by
side, restoring one, the autosave endpoint the change form's script posts to, and the conflict message.

ArticleAdmin.get_urls routes to these views; they ask articles/permissions.py who may do what, and change
nothing themselves but through articles/services.py.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST

from articles import diff, permissions, services
from articles.models import Article, ArticleRevision, site_time

Revision = ArticleRevision
TEXT_LABELS = {"headline": "Headline", "standfirst": "Standfirst", "body": "Body"}


def field_labels(names):
    """The changed fields of a revision as the form labels them: "Headline, Body, Tags"."""
    labels = []
    for name in names:
        try:
            labels.append(str(Article._meta.get_field(name).verbose_name).capitalize())
        except FieldDoesNotExist:  # a field of the form only, such as "status"
            labels.append(name.replace("_", " ").capitalize())
    return ", ".join(labels) or "—"


def compared_fields(old, new):
    """For each text field that differs between revisions `old` and `new`: its label and both sides as HTML."""
    rows = []
    for name in Revision.TEXT_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            rows.append((TEXT_LABELS[name], *diff.side_by_side(before, after)))
    return rows


def conflict_message(conflict):
    """What the editor whose save was refused reads at the top of the form (safe HTML, escaped text)."""
    message = format_html(
        "{} Your text is kept below, and nothing was saved. To keep yours instead, look at their changes, "
        "then save again: your save will replace their text.",
        conflict.message,
    )
    if conflict.latest is None or conflict.started_from is None:
        return message
    changed = [
        (TEXT_LABELS[name], diff.changes(getattr(conflict.started_from, name), getattr(conflict.latest, name)))
        for name in Revision.TEXT_FIELDS
        if getattr(conflict.started_from, name) != getattr(conflict.latest, name)
    ]
    if not changed:
        return format_html("{} They changed no text, only other fields.", message)
    return format_html(
        '{} Their changes:<dl class="edit-conflict">{}</dl>',
        message,
        format_html_join("", '<dt>{}</dt><dd class="word-diff">{}</dd>', changed),
    )


def text_history(article):
    """The change form's line about the text's history, and the addresses its script posts to."""
    if article.pk is None:
        return format_html(
            '<div class="text-history" data-article="new" data-version="">{}</div>',
            "The history of the text starts when you first save.",
        )
    count = article.revisions.exclude(kind=Revision.Kind.AUTOSAVE).count()
    return format_html(
        '<div class="text-history" data-article="{}" data-version="{}" data-autosave-url="{}" '
        'data-discard-url="{}">History of the text: {} revision{}, <a href="{}">compare or restore</a>.</div>',
        article.pk,
        article.version,
        reverse("admin:articles_article_autosave", args=[article.pk]),
        reverse("admin:articles_article_autosave_discard", args=[article.pk]),
        count,
        "" if count == 1 else "s",
        reverse("admin:articles_article_revisions", args=[article.pk]),
    )


def article_for(request, object_id, allowed):
    article = get_object_or_404(Article.objects.select_related("section"), pk=object_id)
    if not allowed(request.user, article):
        raise PermissionDenied
    return article


def pick(revisions, revision_id):
    """The revision numbered `revision_id` (a query parameter) among `revisions`, or None."""
    try:
        wanted = int(revision_id)
    except (TypeError, ValueError):
        return None
    return next((revision for revision in revisions if revision.pk == wanted), None)


def revisions_view(request, object_id, *, model_admin):
    """The revisions of one article, newest first, and two of them compared side by side.

    ?from=<id>&to=<id> picks the two; by default the newest saved revision is compared with the one before.
    """
    article = article_for(request, object_id, permissions.can_preview)
    # Every revision but other editors' autosaves, in one query with their authors.
    mine = Q(kind=Revision.Kind.AUTOSAVE, author=request.user)
    revisions = list(article.revisions.filter(~Q(kind=Revision.Kind.AUTOSAVE) | mine).select_related("author"))
    saved = [revision for revision in revisions if revision.kind != Revision.Kind.AUTOSAVE]
    new = pick(revisions, request.GET.get("to")) or (saved[0] if saved else None)
    old = pick(revisions, request.GET.get("from"))
    if old is None and new is not None:
        older = [revision for revision in saved if (revision.created_at, revision.pk) < (new.created_at, new.pk)]
        old = older[0] if older else None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"History of the text: {article.headline}",
        "opts": Article._meta,
        "article": article,
        "revisions": revisions,
        "old": old,
        "new": new,
        "compared": compared_fields(old, new) if old and new else [],
        "can_restore": permissions.can_edit(request.user, article),
        "change_url": reverse("admin:articles_article_change", args=[article.pk]),
    }
    for revision in revisions:
        revision.is_current = bool(saved) and revision == saved[0]
        revision.changed_labels = field_labels(revision.changed_fields)
        revision.author_name = services.person(revision.author) if revision.author_id else "—"
    return TemplateResponse(request, "admin/articles/article/revisions.html", context)


@require_POST
def restore_view(request, object_id, revision_id, *, model_admin):
    article = article_for(request, object_id, permissions.can_edit)
    revision = get_object_or_404(article.revisions.exclude(kind=Revision.Kind.AUTOSAVE), pk=revision_id)
    try:
        services.restore_revision(revision, actor=request.user)
    except services.EditConflict as conflict:
        model_admin.message_user(request, f"{conflict.message} Nothing was restored; look again.", messages.ERROR)
        return redirect("admin:articles_article_revisions", article.pk)
    model_admin.message_user(
        request,
        f"The text of {site_time(revision.created_at)} is the article’s text again. The text it replaced is kept "
        "in the history.",
        messages.SUCCESS,
    )
    return redirect("admin:articles_article_change", article.pk)


@require_http_methods(["GET", "POST"])
def autosave_view(request, object_id, *, model_admin):
    """The editor's autosave of the article: GET it when it is newer than the last save, POST to keep typing.

    The change form's script asks on load (and offers what it gets) and posts while the editor types.
    """
    article = article_for(request, object_id, permissions.can_edit)
    if request.method == "GET":
        pending = services.pending_autosave(article, actor=request.user)
        if pending is None:
            return JsonResponse({"autosave": None})
        text = {name: getattr(pending, name) for name in Revision.TEXT_FIELDS}
        return JsonResponse({"autosave": {**text, "saved_at": site_time(pending.created_at, "H:i T, j M")}})
    if not any(name in request.POST for name in Revision.TEXT_FIELDS):
        return HttpResponseBadRequest("Nothing to keep: send the headline, the standfirst or the body.")
    version = request.POST.get("version", "")
    revision = services.autosave(
        article,
        actor=request.user,
        version=int(version) if version.isdigit() else None,
        **{name: request.POST.get(name, getattr(article, name)) for name in Revision.TEXT_FIELDS},
    )
    return JsonResponse({"saved_at": site_time(revision.created_at, "H:i T")})


@require_POST
def discard_autosave_view(request, object_id, *, model_admin):
    article = article_for(request, object_id, permissions.can_edit)
    return JsonResponse({"discarded": services.discard_autosave(article, actor=request.user)})
