"""The workflow's emails: who hears of which step, once, after the commit, and again after a failure.

Emails go through Django's locmem backend (pytest-django sets it; `mailoutbox` is its outbox) and the tasks
through the backend TASK_BACKEND names: `commit()` runs what a real commit would, then the tasks it queued,
as the worker would.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import services, tasks
from articles.models import Article, ArticleEvent, ArticleEventEmail
from articles.tests.builders import make_article, make_image, make_staff

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example"


@pytest.fixture
def writer():
    return make_staff("Writer", email="asha@example.com", first_name="Asha", last_name="Rao")


@pytest.fixture
def editor():
    return make_staff("Editor", email="priya@example.com", first_name="Priya", last_name="Nair")


def story(writer, **kwargs):
    kwargs.setdefault("headline", "Alia Bhatt announces her next film")
    kwargs.setdefault("status", Status.DRAFT)
    kwargs.setdefault("published_at", None)
    return make_article(created_by=writer, hero_image=make_image(), **kwargs)


def sent(mailoutbox):
    return [(message.to, message.subject) for message in mailoutbox]


def test_submitting_a_story_emails_every_editor_with_an_address_and_a_link_to_the_story(
    writer, editor, commit, mailoutbox
):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    make_staff("Editor", email="")  # no address
    make_staff("Editor", email="gone@example.com", is_active=False)
    make_staff("Writer", email="ravi@example.com")  # not an editor
    make_staff("Moderator", email="omar@example.com")
    draft = story(writer)

    with commit():
        services.submit_for_review(draft, actor=writer)

    subject = "Waiting for review: “Alia Bhatt announces her next film”"
    assert sent(mailoutbox) == [(["priya@example.com"], subject), (["admin@example.com"], subject)]
    assert mailoutbox[0].body == (
        "Hello Priya Nair,\n\n"
        "Asha Rao submitted “Alia Bhatt announces her next film” for review.\n\n"
        "Read it, then schedule it, publish it or send it back with a note:\n"
        f"https://news.example/admin/articles/article/{draft.pk}/change/\n\n"
        "Newsroom\n"
    )


def test_sending_a_story_back_emails_its_writer_the_note_and_not_the_editor(writer, editor, commit, mailoutbox):
    draft = story(writer, status=Status.IN_REVIEW)

    with commit():
        services.send_back(draft, actor=editor, note="The second paragraph needs a source.")

    assert sent(mailoutbox) == [(["asha@example.com"], "Sent back to you: “Alia Bhatt announces her next film”")]
    assert mailoutbox[0].body == (
        "Hello Asha Rao,\n\n"
        "Priya Nair sent “Alia Bhatt announces her next film” back to you with this note:\n\n"
        "The second paragraph needs a source.\n\n"
        "Change the story and submit it for review again:\n"
        f"https://news.example/admin/articles/article/{draft.pk}/change/\n\n"
        "Newsroom\n"
    )


def test_publishing_a_story_emails_its_writer_the_address_readers_see_it_at(writer, editor, commit, mailoutbox):
    draft = story(writer, status=Status.IN_REVIEW)

    with commit():
        services.publish_article(draft, actor=editor)

    assert sent(mailoutbox) == [(["asha@example.com"], "Published: “Alia Bhatt announces her next film”")]
    assert f"Readers see it now, at:\nhttps://news.example{draft.get_absolute_url()}\n" in mailoutbox[0].body


def test_scheduling_a_story_emails_its_writer_the_time_in_the_sites_zone(writer, editor, commit, mailoutbox):
    draft = story(writer, status=Status.IN_REVIEW)
    at = datetime(2099, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Kolkata"))

    with commit():
        services.schedule_article(draft, at=at, actor=editor)

    assert sent(mailoutbox) == [
        (["asha@example.com"], "Scheduled for 2 Dec 2099, 09:00 IST: “Alia Bhatt announces her next film”")
    ]
    assert "Readers will see it from 2 Dec 2099, 09:00 IST, at:\n" in mailoutbox[0].body


def test_an_editor_who_publishes_their_own_story_gets_no_email_about_it(editor, commit, mailoutbox):
    draft = story(editor)

    with commit():
        services.submit_for_review(draft, actor=editor)
        services.publish_article(draft, actor=editor)

    assert mailoutbox == []


def test_a_writer_without_an_address_gets_no_email(editor, commit, mailoutbox):
    draft = story(make_staff("Writer", email=""), status=Status.IN_REVIEW)

    with commit():
        services.send_back(draft, actor=editor, note="Shorter, please.")

    assert mailoutbox == []
    assert ArticleEventEmail.objects.count() == 0


def test_a_story_the_site_publishes_itself_emails_its_writer_from_the_site(writer, commit, mailoutbox):
    draft = story(writer)

    with commit():
        services.publish_article(draft, actor=None)

    assert "The site published “Alia Bhatt announces her next film”." in mailoutbox[0].body


def test_creating_and_editing_a_story_send_no_email(writer, editor, commit, mailoutbox):
    draft = story(writer)

    with commit():
        services.record_save(draft, actor=writer, created=True)
        services.record_save(draft, actor=editor, created=False)

    assert mailoutbox == []


def test_no_email_leaves_for_a_step_that_is_rolled_back(writer, editor, commit, mailoutbox):
    draft = story(writer, status=Status.IN_REVIEW)

    def fails_after_the_step():
        with transaction.atomic():
            services.send_back(draft, actor=editor, note="Shorter, please.")
            raise RuntimeError("the request failed after the step")

    with commit(), pytest.raises(RuntimeError, match="the request failed after the step"):
        fails_after_the_step()

    assert mailoutbox == []


def test_the_email_is_sent_once_however_often_its_task_runs(writer, editor, mailoutbox):
    draft = story(writer, status=Status.IN_REVIEW)
    services.send_back(draft, actor=editor, note="Shorter, please.")
    event = ArticleEvent.objects.get(action="sent_back")

    results = [tasks.send_event_email.call(event.pk, writer.pk) for _ in range(2)]

    assert results == [True, False]
    assert sent(mailoutbox) == [(["asha@example.com"], "Sent back to you: “Alia Bhatt announces her next film”")]


def test_an_email_whose_person_is_no_longer_the_writer_is_not_sent(writer, editor, mailoutbox):
    draft = story(writer, status=Status.IN_REVIEW)
    services.send_back(draft, actor=editor, note="Shorter, please.")
    event = ArticleEvent.objects.get(action="sent_back")

    assert tasks.send_event_email.call(event.pk, editor.pk) is False
    assert mailoutbox == []


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_email_is_tried_again_a_minute_later_and_then_sent_once(
    settings, database_tasks, run_tasks, writer, editor, django_capture_on_commit_callbacks, mailoutbox
):
    draft = story(writer, status=Status.IN_REVIEW)
    settings.EMAIL_BACKEND = "articles.tests.test_notifications.BrokenMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        services.send_back(draft, actor=editor, note="Shorter, please.")
    event = ArticleEvent.objects.get(action="sent_back")

    assert run_tasks() == 2  # notify_event, then the email that failed

    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert retry.args_kwargs == {"args": [event.pk, writer.pk], "kwargs": {"attempt": 2}}
    assert failed.started_at + timedelta(minutes=1) <= retry.run_after <= failed.finished_at + timedelta(minutes=1)
    assert ArticleEventEmail.objects.get().sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert run_tasks() == 1

    retry.refresh_from_db()
    assert (retry.status, retry.return_value) == ("SUCCESSFUL", True)
    assert sent(mailoutbox) == [(["asha@example.com"], "Sent back to you: “Alia Bhatt announces her next film”")]
    assert ArticleEventEmail.objects.get().sent_at is not None


def test_publishing_a_story_the_site_started_queues_no_email_task(
    database_tasks, editor, django_capture_on_commit_callbacks
):
    draft = story(None, status=Status.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(draft, actor=editor)

    assert DBTaskResult.objects.count() == 0
