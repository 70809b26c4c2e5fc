"""The editor's desk on the admin index: each person's short lists, their links, and their constant cost."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.tests.builders import make_article, make_staff
from articles.tests.clock import time_machine

pytestmark = pytest.mark.django_db
Status = Article.Status

# 09:00 in the site's zone (Asia/Kolkata, IST), so that every time on the desk reads the same on any day.
NOW = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
LIST = re.compile(r'<div class="module desk__list" id="desk-([\w-]+)">(.*?)\n        </div>', re.S)
ROW = re.compile(r'<a href="([^"]+)">(.*?)</a>\s*<span class="desk__detail">(.*?)</span>', re.S)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def desk(client):
    """{list: its rows as (link, headline, detail), or its sentence when empty}, as the index shows it."""
    response = client.get("/admin/")
    assert response.status_code == 200
    lists = {}
    for key, block in LIST.findall(response.content.decode()):
        rows = [tuple(html.unescape(part.strip()) for part in row) for row in ROW.findall(block)]
        empty = re.search(r'<p class="desk__empty">(.*?)</p>', block)
        lists[key] = rows or html.unescape(empty.group(1))
    return lists


def change(article):
    return f"/admin/articles/article/{article.pk}/change/"


def draft(writer, headline, **kwargs):
    kwargs.setdefault("status", Status.DRAFT)
    return make_article(headline=headline, created_by=writer, published_at=None, **kwargs)


@pytest.fixture
def writer():
    return make_staff("Writer", first_name="Asha", last_name="Rao")


@pytest.fixture
def editor():
    return make_staff("Editor")


def test_a_writer_sees_their_drafts_what_was_sent_back_to_them_and_what_goes_live(writer):
    with time_machine(NOW):
        mine = draft(writer, "Mine, being written")
        returned = draft(writer, "Mine, sent back", sent_back_note="Add a source for the <b>second</b> paragraph.")
        draft(make_staff("Writer"), "Someone else’s draft")
        draft(writer, "Mine, in review", status=Status.IN_REVIEW)
        soon = make_article(headline="Goes live at 11", published_at=NOW + timedelta(hours=2))
        make_article(headline="Goes live in two days", published_at=NOW + timedelta(days=2))
        live = make_article(headline="Live since 08:00", published_at=NOW - timedelta(hours=1))

        lists = desk(signed_in(writer))

    assert lists == {
        "drafts": [(change(mine), "Mine, being written", "Saved 2 Dec 09:00 IST")],
        "sent-back": [(change(returned), "Mine, sent back", "Add a source for the <b>second</b> paragraph.")],
        "scheduled": [(change(soon), "Goes live at 11", "2 Dec 11:00 IST")],
        "published": [(change(live), "Live since 08:00", "Published 2 Dec 08:00 IST")],
    }


def test_an_editor_also_sees_what_waits_for_review_oldest_first_with_its_writer(editor, writer):
    with time_machine(NOW - timedelta(minutes=30)):
        older = draft(writer, "Submitted at 08:30", status=Status.IN_REVIEW)
    with time_machine(NOW):
        newer = draft(None, "Submitted at 09:00", status=Status.IN_REVIEW)

        lists = desk(signed_in(editor))

    assert lists["review"] == [
        (change(older), "Submitted at 08:30", "By Asha Rao, saved 2 Dec 08:30 IST"),
        (change(newer), "Submitted at 09:00", "By someone no longer here, saved 2 Dec 09:00 IST"),
    ]
    assert list(lists) == ["drafts", "sent-back", "review", "scheduled", "published"]


def test_empty_lists_say_so_in_plain_words(editor):
    assert desk(signed_in(editor)) == {
        "drafts": "You have no drafts in progress.",
        "sent-back": "Nothing has been sent back to you.",
        "review": "No story is waiting for review.",
        "scheduled": "Nothing is scheduled for the next 24 hours.",
        "published": "Nothing has been published yet.",
    }


def test_the_desk_names_the_sites_time_zone(editor):
    page = signed_in(editor).get("/admin/").content.decode()

    assert '<p class="desk__zone">Times in Asia/Kolkata, IST.</p>' in page


def test_a_moderator_sees_no_desk_but_still_the_comment_queue():
    page = signed_in(make_staff("Moderator")).get("/admin/").content.decode()

    assert "Your desk" not in page
    assert "desk.css" not in page
    assert "0 comments awaiting moderation" in page


def test_each_list_shows_five_stories_and_links_to_all_of_them(writer):
    for n in range(7):
        with time_machine(NOW + timedelta(minutes=n)):
            draft(writer, f"Draft {n}")
    client = signed_in(writer)

    page = client.get("/admin/").content.decode()
    lists = desk(client)

    assert [headline for _, headline, _ in lists["drafts"]] == [f"Draft {n}" for n in (6, 5, 4, 3, 2)]
    assert '<a href="/admin/articles/article/?desk=drafts">See all: my drafts</a>' in page
    all_drafts = client.get("/admin/articles/article/", {"desk": "drafts"})
    assert all_drafts.context["cl"].result_count == 7


@pytest.mark.parametrize(
    ("query", "headlines"),
    [
        ({"desk": "drafts"}, ["Mine, being written"]),
        ({"desk": "sent_back"}, ["Mine, sent back"]),
        ({"desk": "next_24_hours"}, ["Goes live at 11"]),
    ],
)
def test_the_see_all_filters_show_the_whole_list_of_the_signed_in_person(writer, query, headlines):
    draft(writer, "Mine, being written")
    draft(writer, "Mine, sent back", sent_back_note="Shorter, please.")
    draft(make_staff("Writer"), "Someone else’s draft")
    make_article(headline="Goes live at 11", published_at=NOW + timedelta(hours=2))
    make_article(headline="Goes live in two days", published_at=NOW + timedelta(days=2))

    with time_machine(NOW):
        response = signed_in(writer).get("/admin/articles/article/", query)

    assert [article.headline for article in response.context["cl"].result_list] == headlines


def fill_every_list(editor, per_list):
    writer = make_staff("Writer")
    for n in range(per_list):
        draft(editor, f"Draft {n}")
        draft(editor, f"Sent back {n}", sent_back_note="Shorter.")
        draft(writer, f"In review {n}", status=Status.IN_REVIEW)
        make_article(headline=f"Scheduled {n}", published_at=NOW + timedelta(hours=1))
        make_article(headline=f"Published {n}", published_at=NOW - timedelta(hours=1))


@pytest.mark.parametrize("per_list", [1, 30])
def test_the_desk_costs_one_query_per_list_however_many_stories_there_are(editor, per_list):
    with time_machine(NOW):
        fill_every_list(editor, per_list)
        client = signed_in(editor)
        client.get("/admin/")

        with CaptureQueriesContext(connection) as queries:
            lists = desk(client)

    assert [len(rows) for rows in lists.values()] == [min(per_list, 5)] * 5
    # session, user, its permissions (group and own), the five lists, the recent actions
    assert len(queries) == 10
