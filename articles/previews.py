"""
Stories as readers will see them, before readers can: the staff preview at a story's own address, the
preview of a change form's unsaved fields, and the preview links an editor shares with someone who has no
account. All three render the reader's template (articles/article_detail.html) with a banner saying what
the page is; views.py and admin.py call these functions.
"""

import operator
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.body import Post, body_parts, render_body, split_blocks
from articles.models import PreviewLink, site_time
from social.models import SocialPost

# What an editor may choose for how long a link works, in hours.
LINK_LIFETIMES = [(1, "1 hour"), (24, "24 hours"), (48, "48 hours"), (168, "7 days")]
DEFAULT_LINK_LIFETIME = 48
LINK_SALT = "articles.preview-link"

# How the banner names a state that is not live. Wording only: whether a story is live is
# Article.is_published()'s question, never this table's.
STATE_WORDS = {"draft": "a draft", "review": "in review", "unpublished": "unpublished"}


@dataclass(frozen=True)
class Banner:
    """The line at the top of a preview page, and where the editor can change the story."""

    text: str
    change_url: str = ""


def local_time(value):
    """ "2 Dec 09:00 IST": a time in the site's zone, with the zone named."""
    return site_time(value, "j M H:i T")


def staff_banner(article):
    if article.published_at is not None and article.published_at > timezone.now():
        state = f"scheduled for {local_time(article.published_at)}"
    else:
        state = STATE_WORDS.get(article.status, "not live")
    return Banner(
        f"Preview: this story is {state}. Readers cannot see it yet.",
        reverse("admin:articles_article_change", args=[article.pk]),
    )


def unsaved_banner():
    return Banner("Preview of unsaved changes. Nothing is saved until you save the form; close this tab to go back.")


def shared_banner(link):
    by = (link.created_by.get_full_name() or link.created_by.get_username()) if link.created_by else "an editor"
    return Banner(f"Preview shared by {by}, valid until {local_time(link.expires_at)}. Readers cannot see it yet.")


# Preview links -------------------------------------------------------------------------------------


def link_token(link):
    """The secret part of a link's address: its random key, signed so that a changed address is told apart."""
    return signing.Signer(salt=LINK_SALT).sign(link.key.hex)


def link_path(link):
    return reverse("articles:preview-link", kwargs={"token": link_token(link)})


def key_from_token(token):
    """The key a token carries, or None when it was not signed by this site (tampered or made up)."""
    try:
        return signing.Signer(salt=LINK_SALT).unsign(token)
    except signing.BadSignature:
        return None


@transaction.atomic
def create_preview_link(article, *, by, hours=DEFAULT_LINK_LIFETIME):
    """A new link to `article` that works for `hours` hours (one of LINK_LIFETIMES)."""
    if hours not in dict(LINK_LIFETIMES):
        raise ValueError(f"A preview link lasts one of {sorted(dict(LINK_LIFETIMES))} hours, not {hours!r}.")
    now = timezone.now()
    expires_at = now + timedelta(hours=hours)
    return PreviewLink.objects.create(article=article, created_by=by, created_at=now, expires_at=expires_at)


def revoke_preview_link(link):
    """Stop `link` now; revoking it again keeps the first time. Returns whether this call revoked it."""
    return bool(PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


# Unsaved changes ----------------------------------------------------------------------------------


def archived_posts(text):
    """The posts pasted in `text` that the archive holds, by their place in the body, in one query.

    A preview never fetches: a post the archive does not hold yet shows as the plain link readers get
    when there is no card.
    """
    refs = {block.position: block.pasted.ref for block in split_blocks(text) if isinstance(block, Post)}
    if not refs:
        return {}
    wanted = reduce(operator.or_, (Q(platform=ref.platform, post_id=ref.post_id) for ref in refs.values()))
    stored = {(post.platform, post.post_id): post for post in SocialPost.objects.filter(wanted)}
    return {
        position: stored[ref.platform, ref.post_id]
        for position, ref in refs.items()
        if (ref.platform, ref.post_id) in stored
    }


@dataclass
class UnsavedArticle:
    """What the reader's template needs of a form's article that is not saved: the row and its relations."""

    article: object
    authors: list
    tags: list
    body_parts: list


def unsaved_article(form, saved=None):
    """The article `form` (valid, bound) describes, built in memory: nothing is written.

    Relations the form does not show to this user keep what `saved` has.
    """
    article = form.instance
    article.body_html = render_body(article.body)
    if form.cleaned_data.get("published_at"):
        article.published_at = form.cleaned_data["published_at"]

    def related(name):
        if name in form.cleaned_data:
            return list(form.cleaned_data[name])
        return list(getattr(saved, name).all()) if saved is not None else []

    parts = body_parts(article.body_html, archived_posts(article.body))
    return UnsavedArticle(article, related("authors"), related("tags"), parts)
