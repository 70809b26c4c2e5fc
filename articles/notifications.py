"""
The emails of the editorial workflow, one per step and person (articles/tasks.py sends them).

The writer (the article's created_by) hears when their story is sent back, with the editor's note, and
when it is scheduled or published; the editors hear when a story is submitted for review. Nobody is told
of their own step, and nobody without an address or whose account is switched off gets one. Emails are
plain text, written from templates/articles/email/, and their links start with SITE_URL.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from articles import site_settings
from articles.links import absolute_url
from articles.models import Action, site_time
from articles.permissions import can_publish

# The steps that send an email, and to whom: the story's writer, or the people who may publish.
TO_WRITER = {Action.SENT_BACK, Action.SCHEDULED, Action.PUBLISHED}
TO_EDITORS = {Action.SUBMITTED}
EMAILED_ACTIONS = TO_WRITER | TO_EDITORS
TEMPLATES = {
    Action.SUBMITTED: "submitted",
    Action.SENT_BACK: "sent_back",
    Action.SCHEDULED: "scheduled",
    Action.PUBLISHED: "published",
}


def editors():
    """Active people with an address who may publish (articles.permissions.can_publish), in one query."""
    publish = Permission.objects.filter(content_type__app_label="articles", codename="publish_article")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=publish) | Q(user_permissions__in=publish))
        .distinct()
        .order_by("pk")
    )


def may_tell_someone(article, action, actor):
    """Whether a step could concern anyone, asked without a query when it is recorded: a story the site
    itself started (the demo's) has no writer to tell."""
    if action in TO_EDITORS:
        return True
    writer = article.created_by_id
    return action in TO_WRITER and writer is not None and writer != getattr(actor, "pk", None)


def recipients(event):
    """Who gets an email about `event`: never its actor, never someone without an address."""
    if event.action in TO_EDITORS:
        people = list(editors())
    elif event.action in TO_WRITER:
        writer = event.article.created_by
        people = [writer] if writer is not None and writer.is_active and writer.email else []
    else:
        people = []
    return [person for person in people if person.pk != event.actor_id]


def still_wanted(event, recipient):
    """Whether `recipient` should still get the email about `event` when its task runs (rows read afresh)."""
    if not recipient.is_active or not recipient.email or recipient.pk == event.actor_id:
        return False
    if event.action in TO_EDITORS:
        return can_publish(recipient)
    return event.action in TO_WRITER and event.article.created_by_id == recipient.pk


def one_line(text):
    return " ".join(text.split())


def name_of(user):
    if user is None:
        return "The site"
    return user.get_full_name() or user.get_username()


def event_email(event, recipient):
    article = event.article
    context = {
        "name": name_of(recipient),
        "actor": name_of(event.actor),
        "headline": one_line(article.headline),
        "note": event.note,
        "when": site_time(article.published_at),
        "change_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        "article_url": absolute_url(article.get_absolute_url()),
        "site_name": site_settings.site_name(),
    }
    template = TEMPLATES[event.action]
    return EmailMessage(
        subject=one_line(render_to_string(f"articles/email/{template}_subject.txt", context)),
        body=render_to_string(f"articles/email/{template}_body.txt", context),
        to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
