"""
The editor's desk on the admin index: the signed-in person's short lists of stories, each with a link to
the article list filtered to all of it (ArticleAdmin's "On my desk" and "State" filters).

Each list is one query of at most DESK_LENGTH rows, whatever the number of articles; the person's
permissions are the ones the admin index has already read. Someone without any right to articles (a
moderator) gets no desk.
"""

from dataclasses import dataclass
from datetime import timedelta

from django import template
from django.urls import reverse

from articles.forms import site_zone
from articles.models import Article, site_time
from articles.permissions import can_publish

register = template.Library()

DESK_LENGTH = 5
SCHEDULED_WITHIN = timedelta(hours=24)
# What a row of the desk reads; the bodies stay in the database.
ROW_FIELDS = ["id", "headline", "status", "published_at", "modified_at", "sent_back_note"]


@dataclass
class DeskList:
    key: str
    title: str
    empty: str
    see_all: str  # the article list's query string that shows all of this list
    rows: list  # (article, what the row says of it)


def rows(queryset, detail, *related):
    """The first DESK_LENGTH articles of `queryset`, each with `detail(article)`: one query."""
    fields = ROW_FIELDS + [f"{name}__{field}" for name in related for field in ("username", "first_name", "last_name")]
    articles = queryset.select_related(*related).only(*fields)[:DESK_LENGTH]
    return [(article, detail(article)) for article in articles]


def saved(article):
    return f"Saved {site_time(article.modified_at, 'j M H:i T')}"


def goes_live(article):
    return site_time(article.published_at, "j M H:i T")


def went_live(article):
    return f"Published {site_time(article.published_at, 'j M H:i T')}"


def submitted_by(article):
    writer = article.created_by
    who = (writer.get_full_name() or writer.get_username()) if writer else "someone no longer here"
    return f"By {who}, saved {site_time(article.modified_at, 'j M H:i T')}"


def desk_lists(user):
    stories = Article.objects.all()
    lists = [
        DeskList(
            "drafts",
            "My drafts",
            "You have no drafts in progress.",
            "desk=drafts",
            rows(stories.drafts_of(user).order_by("-modified_at", "-id"), saved),
        ),
        DeskList(
            "sent-back",
            "Sent back to me",
            "Nothing has been sent back to you.",
            "desk=sent_back",
            rows(stories.sent_back_to(user).order_by("-modified_at", "-id"), lambda article: article.sent_back_note),
        ),
    ]
    if can_publish(user):
        lists.append(
            DeskList(
                "review",
                "In review",
                "No story is waiting for review.",
                f"state={Article.Status.IN_REVIEW}",
                rows(stories.in_review().order_by("modified_at", "id"), submitted_by, "created_by"),
            )
        )
    lists += [
        DeskList(
            "scheduled",
            "Scheduled for the next 24 hours",
            "Nothing is scheduled for the next 24 hours.",
            "desk=next_24_hours",
            rows(stories.scheduled_within(SCHEDULED_WITHIN).order_by("published_at", "id"), goes_live),
        ),
        DeskList(
            "published",
            "Recently published",
            "Nothing has been published yet.",
            f"state={Article.Status.PUBLISHED}",
            rows(stories.published().order_by("-published_at", "-id"), went_live),
        ),
    ]
    return lists


@register.inclusion_tag("articles/admin/desk.html", takes_context=True)
def editors_desk(context):
    """The desk of the signed-in person, or nothing for someone who may not even read articles."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"lists": []}
    return {
        "lists": desk_lists(user),
        "changelist_url": reverse("admin:articles_article_changelist"),
        "zone": site_zone(),
    }
