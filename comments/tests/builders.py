"""Builders for comment tests: each makes a valid object, and any field can be given."""

import time
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.tests.builders import make_article
from comments.forms import form_token
from comments.models import Comment
from comments.services import ensure_moderator_group, recount_published

sequence = count(1)


def make_comment(**kwargs):
    """A published top-level comment on a new article, unless told otherwise; the article counts it."""
    n = next(sequence)
    if "article" not in kwargs:
        kwargs["article"] = kwargs["parent"].article if kwargs.get("parent") else make_article()
    kwargs.setdefault("name", f"Reader {n}")
    kwargs.setdefault("email", f"reader{n}@example.com")
    kwargs.setdefault("text", f"Comment number {n}.")
    kwargs.setdefault("status", Comment.Status.PUBLISHED)
    kwargs.setdefault("created_at", timezone.now())
    comment = Comment.objects.create(**kwargs)
    if comment.is_published():
        recount_published([comment.article_id])
    return comment


def make_moderator(username="mod", **kwargs):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-1", is_staff=True, **kwargs)
    user.groups.add(ensure_moderator_group())
    return user


def form_data(article, seconds_ago=60, **fields):
    """What a reader's browser sends: the visible fields, the empty trap field and a signed timestamp."""
    data = {
        "name": "Asha",
        "email": "asha@example.com",
        "text": "Loved the trailer!",
        "website": "",
        "parent": "",
        "token": form_token(article.pk, now=time.time() - seconds_ago),
    }
    data.update(fields)
    return data
