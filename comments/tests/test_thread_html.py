"""The markup of a page of threads, made in Python (comments/thread_html.py): exactly what the templates made."""

import re
from datetime import datetime, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.utils import timezone

from articles.tests.builders import make_article
from comments.models import Comment
from comments.tests.builders import form_data, make_comment, make_moderator
from comments.thread_html import full_time

pytestmark = pytest.mark.django_db


def comment_markup(html, comment):
    """The <article> of one comment in a page."""
    found = re.search(rf'<article class="[^"]*" id="comment-{comment.pk}".*?</article>\n', html, re.DOTALL)
    return found.group(0)


def shown(moment):
    local = timezone.localtime(moment)
    return local.replace(microsecond=0).isoformat(), date_filter(local, "j F Y, H:i T")


def test_a_staff_reply_is_the_comment_with_its_badge_like_form_reply_and_report_links(client):
    top = make_comment(name="Asha")
    staff = make_moderator()
    created = timezone.now() - timedelta(days=3)
    reply = make_comment(
        parent=top, name="The desk", text="Thanks.", is_staff_comment=True, user=staff, created_at=created, like_count=1
    )
    url = top.article.get_absolute_url()

    html = client.get(url).content.decode()

    machine, title = shown(created)
    assert comment_markup(html, reply) == (
        f'<article class="comment comment--staff" id="comment-{reply.pk}" aria-labelledby="comment-{reply.pk}-name">\n'
        '<header class="comment__header">\n'
        f'<span class="comment__name" id="comment-{reply.pk}-name" dir="auto">The desk</span>\n'
        '<span class="comment__badge">Staff</span>\n'
        f'<a class="comment__time" href="{url}#comment-{reply.pk}"><time datetime="{machine}" title="{title}">'
        "3\xa0days ago</time></a>\n"
        "</header>\n"
        '<div class="comment__text" dir="auto">Thanks.</div>\n'
        '<div class="comment__actions">\n'
        f'<form method="post" action="/comments/{reply.pk}/like/" class="comment-like" '
        f'data-comment-like="{reply.pk}">\n'
        '<input type="hidden" name="like" value="1">\n'
        f'<input type="hidden" name="next" value="{url}">\n'
        '<button type="submit" class="comment-like__button"><span class="comment-like__mark" aria-hidden="true">♥'
        '</span> Like<span class="visually-hidden"> the comment by The desk</span></button>\n'
        '<span class="comment-like__count" data-comment-like-count aria-live="polite">1 like</span>\n'
        "</form>\n"
        f'<a href="/comments/{reply.pk}/reply/" data-comment-reply="{top.pk}" data-comment-reply-name="The desk">'
        'Reply<span class="visually-hidden"> to The desk</span></a>\n'
        f'<a href="/comments/{reply.pk}/report/" rel="nofollow">Report<span class="visually-hidden"> this comment by '
        "The desk</span></a>\n"
        "</div>\n"
        "</article>\n"
    )
    assert f'<ol class="comment-replies">\n<li>\n<article class="comment comment--staff" id="comment-{reply.pk}"' in (
        html
    )


def test_the_readers_own_comment_awaiting_moderation_is_marked_and_offers_no_actions(client):
    article = make_article()
    client.post(f"/comments/article/{article.pk}/post/", form_data(article, text="First!"))
    pending = Comment.objects.get()

    html = client.get(article.get_absolute_url()).content.decode()

    markup = comment_markup(html, pending)
    assert markup.startswith(f'<article class="comment comment--awaiting" id="comment-{pending.pk}"')
    assert markup.endswith(
        '<p class="comment__awaiting">Awaiting moderation: only you can see this comment for now.</p>\n'
        '<div class="comment__text" dir="auto">First!</div>\n'
        "</article>\n"
    )


def test_a_name_is_escaped_in_each_of_its_five_places_and_the_text_once(client):
    comment = make_comment(name='<b>"Asha" & co</b>', text="<script>alert(1)</script> see example.com")

    html = client.get(comment.article.get_absolute_url()).content.decode()

    markup = comment_markup(html, comment)
    assert markup.count("&lt;b&gt;&quot;Asha&quot; &amp; co&lt;/b&gt;") == 5
    assert "<b>" not in markup
    assert (
        '<div class="comment__text" dir="auto">&lt;script&gt;alert(1)&lt;/script&gt; see '
        '<a href="http://example.com" rel="nofollow ugc noopener">example.com</a></div>'
    ) in markup


def test_closed_comments_show_likes_and_reports_but_no_reply_link(client):
    comment = make_comment(article=make_article(comments_open=False), like_count=2)

    markup = comment_markup(client.get(comment.article.get_absolute_url()).content.decode(), comment)

    assert "2 likes</span>" in markup
    assert "data-comment-reply" not in markup
    assert f'<a href="/comments/{comment.pk}/report/" rel="nofollow">' in markup


@pytest.mark.parametrize("moment", [datetime(2026, 3, 5, 4, 7), datetime(2026, 12, 31, 23, 59), datetime(999, 1, 1)])
def test_the_full_time_is_what_the_date_filter_writes(moment):
    local = timezone.make_aware(moment)

    assert full_time(local) == date_filter(local, "j F Y, H:i T")


def test_each_reader_sees_their_own_pending_comments_whatever_their_number_and_the_sort(client):
    """The page's queries are compiled once per shape (how many own comments, the sort, the page): readers
    with one and with two pending comments, in two orders, each get their own and nobody else's."""
    article = make_article()
    published = make_comment(article=article, text="Published for all")
    first, second = Client(), Client()
    first.post(f"/comments/article/{article.pk}/post/", form_data(article, text="First reader", email="a@example.com"))
    for n in (1, 2):
        second.post(
            f"/comments/article/{article.pk}/post/",
            form_data(article, text=f"Second reader {n}", email="b@example.com"),
        )

    for sort in ("newest", "liked"):
        url = f"{article.get_absolute_url()}?sort={sort}"
        first_page, second_page = first.get(url).content.decode(), second.get(url).content.decode()
        everyone = client.get(url).content.decode()

        assert first_page.count("Awaiting moderation: only you") == 1
        assert second_page.count("Awaiting moderation: only you") == 2
        assert [t in first_page for t in ("First reader", "Second reader 1", "Second reader 2")] == [True, False, False]
        assert [t in second_page for t in ("First reader", "Second reader 1", "Second reader 2")] == [False, True, True]
        assert "Awaiting moderation" not in everyone
        assert [published.text in page for page in (first_page, second_page, everyone)] == [True, True, True]
