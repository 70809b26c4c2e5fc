"""The workflow through the admin, per role: what each may do, and what a forged request gets."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent
from articles.tests.builders import article_admin_form, make_article, make_ready_article, make_section, make_staff
from articles.tests.clock import time_machine

pytestmark = pytest.mark.django_db

Status = Article.Status


def signed_in(user):
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def writer():
    return signed_in(make_staff("Writer"))


@pytest.fixture
def editor():
    return signed_in(make_staff("Editor"))


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_of(article, **overrides):
    saved = {"headline": article.headline, "slug": article.slug, "body": article.body}
    return article_admin_form(article.section, hero_image=article.hero_image_id or "", **{**saved, **overrides})


def schedule_fields(at):
    local = timezone.localtime(at)
    return {"schedule_at_0": local.strftime("%d/%m/%Y"), "schedule_at_1": local.strftime("%H:%M:%S")}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_writer_drafts_a_story_which_is_theirs_and_recorded_as_created(writer):
    response = writer.post(reverse("admin:articles_article_add"), article_admin_form(make_section()))

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.created_by) == (Status.DRAFT, writer.user)
    assert [(event.action, event.actor) for event in article.events.all()] == [("created", writer.user)]


def test_a_writer_is_offered_only_to_keep_or_submit_their_draft(writer):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=writer.user)

    form = writer.get(change_url(draft)).context["adminform"].form

    assert list(form.fields["workflow"].choices) == [
        ("", "Keep it as it is (Draft)"),
        ("submitted", "Submit for review"),
    ]
    assert "updated_at" not in form.fields  # read-only for writers


def test_a_writer_submits_their_draft_from_the_form(writer):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=writer.user)

    response = writer.post(change_url(draft), form_of(draft, workflow="submitted"))

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).status == Status.IN_REVIEW


def test_a_writer_forging_a_publish_choice_is_refused_and_nothing_changes(writer):
    draft = make_ready_article(status=Status.DRAFT, published_at=None, created_by=writer.user)

    response = writer.post(change_url(draft), form_of(draft, workflow="published", standfirst="Typed"))

    assert response.context["adminform"].form.errors["workflow"] == [
        "Select a valid choice. published is not one of the available choices."
    ]
    assert "Typed</textarea>" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.standfirst) == (Status.DRAFT, "")


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED])
def test_a_writer_reads_their_story_once_it_is_in_review_or_live_but_cannot_change_it(writer, status):
    at = None if status == Status.IN_REVIEW else timezone.now() + timedelta(days=1)
    story = make_article(status=status, published_at=at, created_by=writer.user, headline="Mine")

    page = writer.get(change_url(story))
    forged = writer.post(change_url(story), form_of(story, headline="Changed behind the editor’s back"))

    assert page.status_code == 200
    assert page.context["title"] == "View article"
    assert 'name="workflow"' not in page.content.decode()
    assert forged.status_code == 403
    assert Article.objects.get(pk=story.pk).headline == "Mine"


def test_a_writer_cannot_change_another_writers_draft(writer):
    theirs = make_article(status=Status.DRAFT, published_at=None, created_by=make_staff("Writer"), headline="Theirs")

    response = writer.post(change_url(theirs), form_of(theirs, headline="Mine now"))

    assert response.status_code == 403
    assert Article.objects.get(pk=theirs.pk).headline == "Theirs"


def test_a_writer_is_not_offered_the_publishing_actions_and_a_forged_one_changes_nothing(writer):
    draft = make_ready_article(status=Status.DRAFT, published_at=None, created_by=writer.user)
    url = reverse("admin:articles_article_changelist")

    actions = [name for name, _ in writer.get(url).context["action_form"].fields["action"].choices]
    response = writer.post(url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)

    assert actions == ["", "submit"]
    assert messages_of(response) == ["No action selected."]
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT


def test_the_submit_action_refuses_other_writers_drafts_with_a_reason(writer):
    mine = make_article(status=Status.DRAFT, published_at=None, created_by=writer.user)
    theirs = make_article(status=Status.DRAFT, published_at=None, created_by=make_staff("Writer"))

    response = writer.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )

    assert messages_of(response) == [
        "1 article submitted for review.",
        "You can submit only your own drafts for review.",
    ]
    assert dict(Article.objects.values_list("pk", "status")) == {mine.pk: Status.IN_REVIEW, theirs.pk: Status.DRAFT}


def test_a_moderator_cannot_open_the_articles(client):
    moderator = signed_in(make_staff("Moderator"))
    article = make_article()

    assert moderator.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert moderator.post(change_url(article), form_of(article, headline="No")).status_code == 403


def test_an_editor_sends_a_story_back_and_the_writer_reads_the_note(editor, writer):
    story = make_article(status=Status.IN_REVIEW, published_at=None, created_by=writer.user)

    without_note = editor.post(change_url(story), form_of(story, workflow="sent_back"))
    editor.post(change_url(story), form_of(story, workflow="sent_back", send_back_note="Check the box-office figure."))
    page = writer.get(change_url(story)).content.decode()

    assert without_note.context["adminform"].form.errors["send_back_note"] == [
        "Say what the story needs, so the writer knows what to change."
    ]
    story.refresh_from_db()
    assert (story.status, story.sent_back_note) == (Status.DRAFT, "Check the box-office figure.")
    assert '<div class="readonly">Check the box-office figure.</div>' in page


def test_the_schedule_field_names_the_sites_time_zone(editor):
    draft = make_ready_article(status=Status.DRAFT, published_at=None)

    html = editor.get(change_url(draft)).content.decode()

    assert "In Asia/Kolkata, IST. The story goes live by itself at this time" in html


def test_a_schedule_time_in_the_past_asks_to_publish_now_and_keeps_what_was_typed(editor):
    draft = make_ready_article(status=Status.DRAFT, published_at=None)
    past = schedule_fields(timezone.now() - timedelta(hours=1))

    refused = editor.post(change_url(draft), form_of(draft, workflow="scheduled", standfirst="Kept", **past))
    confirmed = editor.post(change_url(draft), form_of(draft, workflow="scheduled", publish_now_instead="on", **past))

    assert refused.context["adminform"].form.errors["schedule_at"] == [
        "This time has already passed: tick “Publish now instead” to publish the story now, or pick a later time."
    ]
    assert "Kept</textarea>" in refused.content.decode()
    assert confirmed.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert timezone.now() - draft.published_at < timedelta(minutes=1)


def test_the_article_list_shows_each_state_in_words_with_times_in_the_sites_zone(editor):
    at = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)  # 09:00 IST
    make_article(headline="Soon", status=Status.SCHEDULED, published_at=at)
    make_article(headline="Due", status=Status.SCHEDULED, published_at=at - timedelta(days=1))
    make_article(headline="Waiting", status=Status.IN_REVIEW, published_at=None)
    make_article(headline="Pulled", status=Status.UNPUBLISHED, published_at=at - timedelta(days=3))

    with time_machine(at - timedelta(hours=1)):
        html = editor.get(reverse("admin:articles_article_changelist")).content.decode()

    cells = re.findall(r'<td class="field-(?:state|published_time)">([^<]*)</td>', html)
    assert cells == [
        # newest first, the article list's order; those without a time last
        *("Scheduled for 2 Dec 09:00 IST", "2 Dec 2026, 09:00 IST"),
        *("Published", "1 Dec 2026, 09:00 IST"),
        *("Unpublished", "29 Nov 2026, 09:00 IST"),
        *("In review", "—"),
    ]


@pytest.mark.parametrize(
    ("state", "headlines"),
    [
        ("published", ["Due", "Live"]),
        ("scheduled", ["Soon"]),
        ("review", ["Waiting"]),
        ("draft", ["Draft"]),
        ("unpublished", ["Pulled"]),
    ],
)
def test_the_state_filter_counts_a_due_schedule_as_published(editor, state, headlines):
    now = timezone.now()
    make_article(headline="Live")
    make_article(headline="Due", status=Status.SCHEDULED, published_at=now - timedelta(minutes=1))
    make_article(headline="Soon", status=Status.SCHEDULED, published_at=now + timedelta(minutes=1))
    make_article(headline="Waiting", status=Status.IN_REVIEW, published_at=None)
    make_article(headline="Draft", status=Status.DRAFT, published_at=None)
    make_article(headline="Pulled", status=Status.UNPUBLISHED, published_at=now - timedelta(days=1))

    response = editor.get(reverse("admin:articles_article_changelist"), {"state": state})

    assert sorted(article.headline for article in response.context["cl"].result_list) == headlines


def test_the_change_form_shows_the_storys_history(editor, writer):
    story = make_article(status=Status.DRAFT, published_at=None, created_by=writer.user)
    ArticleEvent.objects.create(
        article=story,
        action="sent_back",
        actor=editor.user,
        note="Needs a <b>quote</b>",
        at=datetime(2026, 12, 1, 4, 0, tzinfo=UTC),
    )

    html = editor.get(change_url(story)).content.decode()

    assert (
        f"<tr><td>Sent back</td><td>{editor.user.username}</td><td>1 Dec 2026, 09:30 IST</td>"
        "<td>Needs a &lt;b&gt;quote&lt;/b&gt;</td></tr>"
    ) in html


@pytest.mark.parametrize("events", [1, 30])
def test_the_site_wide_history_is_read_only_and_runs_a_constant_number_of_queries(
    editor, django_assert_num_queries, events
):
    for _ in range(events):
        ArticleEvent.objects.create(article=make_article(), action="published", actor=editor.user)
    url = reverse("admin:articles_articleevent_changelist")
    editor.get(url)

    # session, user, its permissions (group and own), the actors filter, the filtered and the full counts,
    # the page with its articles and actors, the date hierarchy's first and last times and its years
    with django_assert_num_queries(10):
        response = editor.get(url, {"action": "published"})

    assert response.context["cl"].result_count == events
    assert editor.get(reverse("admin:articles_articleevent_add")).status_code == 403
    event = ArticleEvent.objects.first()
    assert (
        editor.post(reverse("admin:articles_articleevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert ArticleEvent.objects.count() == events


def test_the_change_form_runs_as_many_queries_for_a_long_history_as_for_a_short_one(editor):
    short, long = make_ready_article(), make_ready_article()
    for story, steps in [(short, 1), (long, 20)]:
        for _ in range(steps):
            ArticleEvent.objects.create(article=story, action="edited", actor=make_staff("Writer"))
    editor.get(change_url(short))

    counts = []
    for story in [short, long]:
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(change_url(story)).status_code == 200
        counts.append(len(queries))

    # the same for both, the history being one query with its people (and the preview links, the
    # revisions' autosave offer and the corrections one each)
    assert counts == [15, 15]
