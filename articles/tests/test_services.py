"""The workflow's transitions: each allowed and refused, by role and by readiness, each recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleEvent
from articles.tests.builders import make_article, make_image, make_ready_article, make_staff

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def writer():
    return make_staff("Writer")


@pytest.fixture
def editor():
    return make_staff("Editor")


def history(article):
    return [(event.action, event.actor, event.note) for event in ArticleEvent.objects.filter(article=article)]


def test_a_writer_submits_their_own_draft_and_the_editors_note_is_cleared(writer):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=writer, sent_back_note="Add a quote.")

    services.submit_for_review(draft, actor=writer)

    draft.refresh_from_db()
    assert (draft.status, draft.sent_back_note) == (Status.IN_REVIEW, "")
    assert history(draft) == [("submitted", writer, "")]


def test_a_writer_cannot_submit_someone_elses_draft(writer):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=make_staff("Writer"))

    with pytest.raises(ValidationError) as refused:
        services.submit_for_review(draft, actor=writer)

    assert refused.value.messages == ["You can submit only your own drafts for review."]
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT
    assert history(draft) == []


def test_submitting_a_story_without_its_words_lists_what_is_missing(writer):
    draft = make_article(headline=" ", body="", status=Status.DRAFT, published_at=None, created_by=writer)

    with pytest.raises(ValidationError) as refused:
        services.submit_for_review(draft, actor=writer)

    assert refused.value.messages == [
        "Cannot submit “ ”:",
        "The story needs a headline.",
        "The story needs a body.",
    ]


def test_an_editor_sends_a_story_back_with_a_note_the_writer_reads(editor, writer):
    story = make_article(status=Status.IN_REVIEW, published_at=None, created_by=writer)

    services.send_back(story, actor=editor, note="  The second paragraph needs a source.  ")

    story.refresh_from_db()
    assert (story.status, story.sent_back_note) == (Status.DRAFT, "The second paragraph needs a source.")
    assert history(story) == [("sent_back", editor, "The second paragraph needs a source.")]


def test_sending_back_needs_a_note(editor):
    story = make_article(status=Status.IN_REVIEW, published_at=None)

    with pytest.raises(ValidationError) as refused:
        services.send_back(story, actor=editor, note=" ")

    assert refused.value.messages == ["Say what the story needs in the note, so the writer knows what to change."]
    assert Article.objects.get(pk=story.pk).status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("service", "kwargs", "message"),
    [
        (services.send_back, {"note": "More"}, "Only editors can send a story back."),
        (services.publish_article, {}, "Only editors can publish a story."),
        (services.schedule_article, {"at": timezone.now() + timedelta(days=1)}, "Only editors can schedule a story."),
    ],
)
def test_a_writer_cannot_send_back_publish_or_schedule(writer, service, kwargs, message):
    story = make_ready_article(status=Status.IN_REVIEW, published_at=None, created_by=writer)

    with pytest.raises(ValidationError) as refused:
        service(story, actor=writer, **kwargs)

    assert refused.value.messages == [message]
    assert Article.objects.get(pk=story.pk).status == Status.IN_REVIEW


def test_a_writer_cannot_unpublish(writer):
    live = make_ready_article(created_by=writer)

    with pytest.raises(ValidationError, match="Only editors can unpublish a story."):
        services.unpublish_article(live, actor=writer)

    assert Article.objects.get(pk=live.pk).is_published()


def test_an_editor_schedules_a_story_for_a_time_to_come(editor):
    story = make_ready_article(status=Status.IN_REVIEW, published_at=None)
    at = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)

    services.schedule_article(story, at=at, actor=editor)

    story.refresh_from_db()
    assert (story.status, story.published_at, story.is_published()) == (Status.SCHEDULED, at, False)
    assert history(story) == [("scheduled", editor, "")]


def test_a_schedule_time_that_has_passed_is_refused_with_its_own_error(editor):
    story = make_ready_article(status=Status.DRAFT, published_at=None)

    with pytest.raises(services.ScheduleTimeHasPassed):
        services.schedule_article(story, at=timezone.now() - timedelta(minutes=1), actor=editor)

    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_publishing_lists_everything_a_live_story_lacks(editor):
    story = make_article(
        headline="Teaser",
        body="",
        status=Status.DRAFT,
        published_at=None,
        hero_image=make_image(alt_text=" ", credit=""),
    )

    with pytest.raises(ValidationError) as refused:
        services.publish_article(story, actor=editor)

    assert refused.value.messages == [
        "Cannot publish “Teaser”:",
        "The story needs a body.",
        "The hero picture needs a description (alt text) in the image library.",
        "The hero picture needs a credit in the image library.",
    ]
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_a_story_without_a_hero_picture_cannot_be_scheduled(editor):
    story = make_article(status=Status.DRAFT, published_at=None)

    with pytest.raises(ValidationError) as refused:
        services.schedule_article(story, at=timezone.now() + timedelta(days=1), actor=editor)

    assert refused.value.messages == [f"Cannot schedule “{story}”:", "The story needs a hero picture."]


def test_an_editor_publishes_now_and_unpublishing_keeps_the_time(editor):
    story = make_ready_article(status=Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1))

    services.publish_article(story, actor=editor)
    published_at = story.published_at
    services.unpublish_article(story, actor=editor)

    story.refresh_from_db()
    assert timezone.now() - published_at < timedelta(minutes=1)
    assert (story.status, story.published_at, story.is_published()) == (Status.UNPUBLISHED, published_at, False)
    assert [action for action, _, _ in history(story)] == ["unpublished", "published"]


def test_publishing_twice_is_refused_and_a_due_scheduled_story_counts_as_published(editor):
    due = make_ready_article(status=Status.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError) as refused:
        services.publish_article(due, actor=editor)

    assert refused.value.messages == [f"Cannot publish “{due}”: it is already published."]


@pytest.mark.parametrize(
    ("status", "service", "message"),
    [
        (Status.IN_REVIEW, services.submit_for_review, "Cannot submit “{}”: it is in review."),
        (Status.DRAFT, services.unpublish_article, "Cannot unpublish “{}”: it is a draft."),
        (Status.UNPUBLISHED, services.unpublish_article, "Cannot unpublish “{}”: it is unpublished."),
        (Status.PUBLISHED, services.submit_for_review, "Cannot submit “{}”: it is already published."),
    ],
)
def test_moves_the_workflow_does_not_allow_are_refused(editor, status, service, message):
    story = make_ready_article(status=status, published_at=None if status == Status.DRAFT else timezone.now())

    with pytest.raises(ValidationError) as refused:
        service(story, actor=editor)

    assert refused.value.messages == [message.format(story)]
    assert Article.objects.get(pk=story.pk).status == status


def test_sending_back_a_draft_is_refused(editor):
    draft = make_article(status=Status.DRAFT, published_at=None)

    with pytest.raises(ValidationError, match="Cannot send back “.*”: it is a draft."):
        services.send_back(draft, actor=editor, note="More")


def test_the_site_itself_may_publish_and_is_recorded_as_nobody():
    story = make_ready_article(status=Status.DRAFT, published_at=None)
    earlier = timezone.now() - timedelta(hours=3)

    services.publish_article(story, actor=None, at=earlier)

    assert (story.status, story.published_at) == (Status.PUBLISHED, earlier)
    assert history(story) == [("published", None, "")]


def test_a_publication_time_to_come_is_a_schedule_not_a_publication():
    story = make_ready_article(status=Status.DRAFT, published_at=None)

    with pytest.raises(ValidationError, match="schedule the story instead"):
        services.publish_article(story, actor=None, at=timezone.now() + timedelta(hours=1))


@pytest.mark.parametrize(
    ("status", "writer_may", "editor_may"),
    [
        (Status.DRAFT, ["submitted"], ["submitted", "scheduled", "published"]),
        (Status.IN_REVIEW, [], ["sent_back", "scheduled", "published"]),
        (Status.SCHEDULED, [], ["scheduled", "published", "unpublished"]),
        (Status.PUBLISHED, [], ["unpublished"]),
        (Status.UNPUBLISHED, [], ["scheduled", "published"]),
    ],
)
def test_each_role_is_offered_the_moves_it_may_make(writer, editor, status, writer_may, editor_may):
    at = timezone.now() + timedelta(days=1) if status == Status.SCHEDULED else timezone.now()
    story = make_article(status=status, published_at=at, created_by=writer)

    assert services.allowed_actions(story, writer) == writer_may
    assert services.allowed_actions(story, editor) == editor_may
