"""Reply notifications: opt-in, double opt-in by email, one email per published reply, one-click unsubscribe.

Emails go through Django's locmem backend (pytest-django sets it) and the tasks through the backend
TASK_BACKEND names, after the commit: `commit()` runs what a real commit would
(`django_capture_on_commit_callbacks(execute=True)`), then the tasks it queued, as the worker would.
"""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.tests.builders import make_article
from comments import services, tasks
from comments.models import Comment, CommentPolicy, ReplyNotification, ReplySubscription, WordRule
from comments.notifications import confirmation_token, unsubscribe_token
from comments.tests.builders import form_data, make_comment, make_moderator

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example"


def subscribed(comment=None, *, confirmed=True, **kwargs):
    """A subscription on `comment` (a new published one by default), confirmed unless told otherwise."""
    comment = comment or make_comment(name="Asha", email="asha@example.com", **kwargs)
    return ReplySubscription.objects.create(
        comment=comment,
        email=comment.email,
        confirmation_sent_at=timezone.now(),
        confirmed_at=timezone.now() if confirmed else None,
    )


def publish_reply(commit, parent, **kwargs):
    """A reply to `parent` sent through the pipeline and published by a moderator, with its commits run."""
    kwargs.setdefault("name", "Ravi")
    kwargs.setdefault("email", "ravi@example.com")
    kwargs.setdefault("text", "Same here, I watched it twice.")
    with commit():
        reply = services.submit_comment(article=parent.article, parent=parent, form_age=60.0, **kwargs)
    with commit():
        services.approve_comment(reply, moderator=make_moderator(username=f"mod{reply.pk}"))
    return reply


def link_in(message, path):
    found = re.search(rf"https://news\.example(/comments/replies/{path}/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


# Opting in ----------------------------------------------------------------------------------------


def test_the_comment_form_offers_reply_emails(client):
    article = make_article()
    html = client.get(f"/comments/article/{article.pk}/form/").content.decode()

    assert '<input type="checkbox" name="notify_replies"' in html
    assert "Email me when someone replies" in html
    assert "We first send you a link to confirm. Every email has a link to stop them." in html


def test_ticking_the_box_sends_one_confirmation_email_and_says_so(client, commit):
    article = make_article(headline="Deepika's gown & the Met")

    with commit():
        response = client.post(
            f"/comments/article/{article.pk}/post/", form_data(article, notify_replies="on"), follow=True
        )

    subscription = ReplySubscription.objects.get()
    assert (subscription.email, subscription.confirmed_at) == ("asha@example.com", None)
    assert subscription.confirmation_sent_at is not None
    assert "Please check your inbox: we sent you a link to confirm the emails about replies." in (
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["asha@example.com"]
    assert message.subject == (
        "Please confirm: email me when someone replies to my comment on “Deepika's gown & the Met”"
    )
    assert "You asked Newsroom to email you when someone replies to your comment on “Deepika's gown & the Met”." in (
        message.body
    )
    assert "To confirm, open this link within 3 days:\nhttps://news.example/comments/replies/confirm/" in message.body


def test_without_the_box_nothing_is_stored_or_sent(client, commit):
    article = make_article()

    with commit():
        client.post(f"/comments/article/{article.pk}/post/", form_data(article))

    assert ReplySubscription.objects.count() == 0
    assert mail.outbox == []


def test_a_robots_ticked_box_sends_nothing(client, commit):
    article = make_article()

    with commit():
        client.post(
            f"/comments/article/{article.pk}/post/",
            form_data(article, notify_replies="on", website="http://buy.example", email="victim@example.com"),
        )

    assert Comment.objects.get().status == Status.SPAM
    assert ReplySubscription.objects.count() == 0
    assert mail.outbox == []


def test_no_reply_is_emailed_before_the_address_is_confirmed(commit):
    subscription = subscribed(confirmed=False)

    publish_reply(commit, subscription.comment)

    assert mail.outbox == []
    assert ReplyNotification.objects.count() == 0


# The confirmation link ------------------------------------------------------------------------------


def test_the_confirmation_link_asks_first_and_confirms_on_the_button(client, commit):
    with commit():
        comment = services.submit_comment(
            article=make_article(headline="Trailer day"),
            name="Asha",
            email="asha@example.com",
            text="Loved it",
            form_age=60.0,
            notify_replies=True,
        )
    path = link_in(mail.outbox[0], "confirm")

    page = client.get(path)

    assert page.status_code == 200
    assert "We will write to a•••@example.com when someone replies to your comment on" in page.content.decode()
    assert '<button type="submit" class="comment-button">Yes, email me</button>' in page.content.decode()
    assert comment.reply_subscription.confirmed_at is None  # a mail scanner's GET confirms nothing

    done = client.post(path)

    assert done.status_code == 200
    assert "Thank you: reply emails are on" in done.content.decode()
    assert ReplySubscription.objects.get().confirmed_at is not None


def test_an_expired_confirmation_link_offers_a_new_one_to_the_same_address(client, commit, settings):
    settings.COMMENTS_REPLY_CONFIRM_MAX_AGE = 3600
    subscription = subscribed(confirmed=False)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3601):
        token = confirmation_token(subscription)

    page = client.get(f"/comments/replies/confirm/{token}/")
    with commit():
        sent = client.post(f"/comments/replies/confirm/{token}/", {"resend": "1"})

    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    assert "We can send a new one to a•••@example.com." in page.content.decode()
    assert sent.status_code == 200
    assert "we sent a new confirmation link to a•••@example.com" in sent.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["asha@example.com"]
    assert client.get(link_in(message, "confirm")).status_code == 200


def test_posting_an_expired_link_does_not_confirm(client, settings):
    settings.COMMENTS_REPLY_CONFIRM_MAX_AGE = 3600
    subscription = subscribed(confirmed=False)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3601):
        token = confirmation_token(subscription)

    response = client.post(f"/comments/replies/confirm/{token}/")

    assert response.status_code == 410
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda s: confirmation_token(s)[:-2] + "xx",
        lambda s: f"{s.pk}:1tZzzz:{'a' * 43}",
        unsubscribe_token,  # signed, but for another purpose
        lambda s: signing.TimestampSigner(salt="comments.replies.confirm").sign("999999"),
    ],
    ids=["tampered", "made up", "another link's signature", "a subscription that is gone"],
)
def test_a_forged_confirmation_link_confirms_nothing(client, forge):
    subscription = subscribed(confirmed=False)

    response = client.post(f"/comments/replies/confirm/{forge(subscription)}/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


# Notifications ------------------------------------------------------------------------------------


def test_a_published_reply_is_emailed_once_with_a_one_click_unsubscribe(commit):
    parent = make_comment(name="Asha", email="asha@example.com", article=make_article(headline="Trailer day"))
    subscription = subscribed(parent)

    reply = publish_reply(commit, parent, name="Ravi O'Brien", text="Same here & more:\nI watched it twice.")

    [message] = mail.outbox
    unsubscribe = f"https://news.example/comments/replies/stop/{unsubscribe_token(subscription)}/"
    assert message.to == ["asha@example.com"]
    assert message.subject == "Ravi O'Brien replied on “Trailer day”"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.body == (
        "Hello Asha,\n\n"
        "Ravi O'Brien replied to your comment on “Trailer day”:\n\n"
        "Same here & more:\nI watched it twice.\n\n"
        f"Read it and reply: https://news.example{parent.article.get_absolute_url()}#comment-{reply.pk}\n\n"
        "You get this email because you asked to hear about replies to your comment. To stop these emails, "
        "open this link (one click, no account needed):\n"
        f"{unsubscribe}\n\n"
        "Newsroom\n"
    )
    assert ReplyNotification.objects.get().sent_at is not None


def test_replies_waiting_held_rejected_or_spam_are_never_emailed(commit, settings):
    WordRule.objects.create(word="xyz", kind=WordRule.Kind.SUSPECT)
    parent = subscribed().comment
    moderator = make_moderator()

    with commit():
        pending = services.submit_comment(
            article=parent.article, parent=parent, name="A", email="a@example.com", text="pending", form_age=60.0
        )
        held = services.submit_comment(
            article=parent.article, parent=parent, name="B", email="b@example.com", text="xyz", form_age=60.0
        )
        spam = services.submit_comment(
            article=parent.article, parent=parent, name="C", email="c@example.com", text="spam", honeypot="x"
        )
    with commit():
        services.reject_comment(pending, moderator=moderator)
        services.mark_spam(held, moderator=moderator)

    assert [c.status for c in (pending, held, spam)] == [Status.REJECTED, Status.SPAM, Status.SPAM]
    assert mail.outbox == []


def test_a_reply_approved_later_is_emailed_then_and_only_once(commit):
    parent = subscribed().comment
    moderator = make_moderator()
    with commit():
        reply = services.submit_comment(
            article=parent.article, parent=parent, name="Ravi", email="ravi@example.com", text="Hi", form_age=60.0
        )
    assert mail.outbox == []

    with commit():
        services.approve_comment(reply, moderator=moderator)
    with commit():
        services.mark_spam(reply, moderator=moderator)
    with commit():
        services.approve_comment(reply, moderator=moderator)

    assert [m.subject for m in mail.outbox] == [f"Ravi replied on “{parent.article.headline}”"]


def test_a_reply_published_by_the_pipeline_is_emailed_at_once(commit, settings):
    settings.COMMENTS_TRUSTED_AFTER = 1
    parent = subscribed().comment
    CommentPolicy.objects.create(article=parent.article, mode=CommentPolicy.Mode.POST)
    make_comment(email="ravi@example.com", article=parent.article)  # Ravi is trusted

    with commit():
        reply = services.submit_comment(
            article=parent.article, parent=parent, name="Ravi", email="ravi@example.com", text="Hi", form_age=60.0
        )

    assert reply.status == Status.PUBLISHED
    assert len(mail.outbox) == 1


def test_a_commenter_replying_in_their_own_thread_is_not_emailed(commit):
    parent = subscribed().comment

    publish_reply(commit, parent, name="Asha", email="asha@example.com", text="Thanks all!")

    assert mail.outbox == []


def test_an_unsubscribed_reader_gets_nothing_more(client, commit):
    subscription = subscribed()
    client.get(f"/comments/replies/stop/{unsubscribe_token(subscription)}/")

    publish_reply(commit, subscription.comment)

    assert mail.outbox == []


def test_a_subscriber_on_a_reply_hears_of_later_replies_in_the_thread_once_per_address(commit):
    top = make_comment(name="Meera", email="meera@example.com")
    earlier = make_comment(parent=top, name="Omar", email="omar@example.com")
    subscribed(top)
    subscribed(earlier)
    subscribed(make_comment(parent=top, email="meera@example.com"))  # Meera twice in the thread

    publish_reply(commit, top, name="Ravi", email="ravi@example.com")

    assert sorted(m.to[0] for m in mail.outbox) == ["meera@example.com", "omar@example.com"]
    to_omar = next(m for m in mail.outbox if m.to == ["omar@example.com"])
    assert "Ravi replied in the conversation you joined on" in to_omar.body


def test_a_subscriber_on_a_later_reply_does_not_hear_of_earlier_ones(commit):
    top = make_comment()
    reply = make_comment(parent=top, email="ravi@example.com")
    later = make_comment(parent=top, name="Omar", email="omar@example.com")
    subscribed(later)

    with commit():
        tasks.notify_reply_subscribers.enqueue(reply.pk)

    assert mail.outbox == []


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_email_is_tried_again_by_running_its_task_again_and_sent_once(settings):
    subscription = subscribed()
    reply = make_comment(parent=subscription.comment, name="Ravi", email="ravi@example.com")
    settings.EMAIL_BACKEND = "comments.tests.test_replies.BrokenMailServer"

    with pytest.raises(ConnectionRefusedError, match="the mail server is down"):
        tasks.send_reply_notification.call(subscription.pk, reply.pk)

    assert ReplyNotification.objects.get().sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    first = tasks.send_reply_notification.call(subscription.pk, reply.pk)
    again = tasks.send_reply_notification.call(subscription.pk, reply.pk)

    assert (first, again) == (True, False)
    assert len(mail.outbox) == 1


def test_the_worker_tries_a_failed_email_again_a_minute_later(settings, database_tasks, run_tasks):
    subscription = subscribed()
    reply = make_comment(parent=subscription.comment, name="Ravi", email="ravi@example.com")
    settings.EMAIL_BACKEND = "comments.tests.test_replies.BrokenMailServer"
    tasks.send_reply_notification.enqueue(subscription.pk, reply.pk)

    assert run_tasks() == 1

    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert retry.args_kwargs == {"args": [subscription.pk, reply.pk], "kwargs": {"attempt": 2}}
    assert failed.started_at + timedelta(minutes=1) <= retry.run_after <= failed.finished_at + timedelta(minutes=1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert run_tasks() == 1

    retry.refresh_from_db()
    assert (retry.status, retry.return_value) == ("SUCCESSFUL", True)
    assert [message.to for message in mail.outbox] == [["asha@example.com"]]


def test_the_confirmation_task_sends_once_however_often_it_runs():
    subscription = subscribed(confirmed=False)
    ReplySubscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)

    results = [tasks.send_subscription_confirmation.call(subscription.pk) for _ in range(2)]

    assert results == [True, False]
    assert len(mail.outbox) == 1


# Unsubscribing --------------------------------------------------------------------------------------


def test_the_unsubscribe_link_in_the_email_stops_the_emails_in_one_click(client, commit):
    subscription = subscribed()
    publish_reply(commit, subscription.comment)
    path = link_in(mail.outbox[0], "stop")

    response = client.get(path)

    assert response.status_code == 200
    assert "We will send no more emails to a•••@example.com about replies to your comment on" in (
        response.content.decode()
    )
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_the_mail_providers_one_click_post_unsubscribes_without_a_csrf_token(commit):
    subscription = subscribed()
    publish_reply(commit, subscription.comment)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("https://news.example")

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert response.content == b"Unsubscribed."
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_email_me_again_undoes_an_unsubscribe(client):
    subscription = subscribed()
    token = unsubscribe_token(subscription)
    client.get(f"/comments/replies/stop/{token}/")

    response = client.post(f"/comments/replies/restart/{token}/")

    assert "Thank you: reply emails are on" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active()


def test_a_forged_unsubscribe_link_stops_nothing(client):
    subscription = subscribed()

    response = client.get(f"/comments/replies/stop/{unsubscribe_token(subscription)[:-1]}x/")

    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


# Privacy --------------------------------------------------------------------------------------------


def test_export_lists_a_readers_subscriptions_and_the_emails_sent(commit):
    subscription = subscribed()
    reply = publish_reply(commit, subscription.comment)

    data = services.export_sender_data(["asha@example.com"])

    [exported] = data["reply_subscriptions"]
    assert (exported["comment_id"], exported["email"]) == (subscription.comment_id, "asha@example.com")
    assert exported["confirmed_at"] == subscription.confirmed_at.isoformat()
    assert exported["unsubscribed_at"] is None
    assert [n["reply_id"] for n in exported["emails_about_replies"]] == [reply.pk]
    assert services.export_sender_data(["ravi@example.com"])["reply_subscriptions"] == []


def test_erase_deletes_a_readers_subscriptions_also_on_comments_kept_for_their_replies(commit):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    answered = subscribed()
    alone = subscribed(make_comment(email="asha@example.com"))
    publish_reply(commit, answered.comment)
    others = subscribed(make_comment(name="Omar", email="omar@example.com"))

    services.erase_sender_data(["asha@example.com"], moderator=admin)

    assert list(ReplySubscription.objects.all()) == [others]
    assert ReplyNotification.objects.count() == 0
    assert Comment.objects.filter(pk=answered.comment_id, text="[erased]").exists()
    assert not Comment.objects.filter(pk=alone.comment_id).exists()
