"""Fetching posts from oEmbed endpoints, against a real HTTP server on 127.0.0.1 that the tests start."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from social.addresses import recognise
from social.embeds import ParsedPost
from social.models import SocialPost
from social.platforms import registry
from social.services import archive_social_posts, check_social_posts, fetch_social_post, refetch_social_posts
from social.tasks import fetch_post
from social.tests import fixtures as embed
from social.tests.builders import make_social_post
from social.tests.fixtures import OEmbedServer

pytestmark = pytest.mark.django_db

TWEET_HTML = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Opening day numbers are in 🔥 '
    '<a href="https://twitter.com/hashtag/Jawan?src=hash">#Jawan</a></p>&mdash; Sacnilk (@sacnilk) '
    '<a href="https://twitter.com/sacnilk/status/1699999999999999999">September 8, 2023</a></blockquote>\n'
)
X_ANSWER = {
    "url": "https://twitter.com/sacnilk/status/1699999999999999999",
    "author_name": "Sacnilk",
    "author_url": "https://twitter.com/sacnilk",
    "html": TWEET_HTML,
    "type": "rich",
    "version": "1.0",
}
# What X's endpoint is asked about a post whose handle is not known yet (pending_post() has none).
X_ADDRESS = "https://twitter.com/i/status/1699999999999999999"
YOUTUBE_ANSWER = {
    "title": "Jawan | Official Hindi Trailer | Shah Rukh Khan",
    "author_name": "Red Chillies Entertainment",
    "author_url": "https://www.youtube.com/@RedChilliesEnt",
    "type": "video",
    "thumbnail_url": "https://i.ytimg.com/vi/Kx1V3ZcmvWQ/hqdefault.jpg",
    "html": '<iframe src="https://www.youtube.com/embed/Kx1V3ZcmvWQ"></iframe>',
}


@pytest.fixture
def oembed(settings):
    server = OEmbedServer().start()
    server.serve(settings, *(platform.slug for platform in registry))
    settings.SOCIAL_OEMBED_TIMEOUT = 0.5
    settings.SOCIAL_OEMBED_USER_AGENT = "NewsroomTest/1.0"
    settings.SOCIAL_META_ACCESS_TOKEN = ""
    yield server
    server.stop()


def pending_post(address_platform="x", **kwargs):
    permalinks = {
        "x": ("1699999999999999999", "https://x.com/i/web/status/1699999999999999999"),
        "youtube": ("Kx1V3ZcmvWQ", "https://www.youtube.com/watch?v=Kx1V3ZcmvWQ"),
        "instagram": ("C2xYz9AbCdE", "https://www.instagram.com/p/C2xYz9AbCdE/"),
        "bluesky": ("3kqmooj3ems2w", "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w"),
        "threads": ("DCx1Ab2Cd3E", "https://www.threads.com/t/DCx1Ab2Cd3E"),
    }
    post_id, permalink = permalinks[address_platform]
    defaults = {"author_name": "", "author_handle": "", "text": "", "state": SocialPost.State.PENDING}
    return make_social_post(platform=address_platform, post_id=post_id, permalink=permalink, **{**defaults, **kwargs})


def test_a_bare_address_is_fetched_after_the_save_commits_and_archived(
    oembed, django_capture_on_commit_callbacks, run_tasks
):
    oembed.answer("https://twitter.com/sacnilk/status/1699999999999999999", X_ANSWER)
    ref = recognise("https://x.com/sacnilk/status/1699999999999999999?s=20")  # a bare address, as pasted

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        archive_social_posts([ParsedPost(ref=ref, author_handle=ref.handle)])
    post = SocialPost.objects.get()
    assert (post.state, oembed.requests) == ("pending", [])  # nothing is fetched inside the editor's request
    for callback in callbacks:
        callback()
    run_tasks()

    post.refresh_from_db()
    assert post.state == "archived"
    assert (post.author_name, post.author_handle) == ("Sacnilk", "sacnilk")
    assert post.text == "Opening day numbers are in 🔥 #Jawan"
    assert post.fetched_at is not None
    assert post.checked_at is not None
    assert oembed.requests[0]["query"]["url"] == ["https://twitter.com/sacnilk/status/1699999999999999999"]
    assert oembed.requests[0]["path"].startswith("/oembed/x?")
    assert oembed.requests[0]["agent"] == "NewsroomTest/1.0"


def test_a_youtube_video_gets_its_title_channel_and_thumbnail_link(oembed):
    oembed.answer("https://www.youtube.com/watch?v=Kx1V3ZcmvWQ", YOUTUBE_ANSWER)
    post = pending_post("youtube")

    assert fetch_social_post(post) == "archived"

    post.refresh_from_db()
    assert (post.text, post.author_name, post.author_handle, post.media_url) == (
        "Jawan | Official Hindi Trailer | Shah Rukh Khan",
        "Red Chillies Entertainment",
        "RedChilliesEnt",
        "https://i.ytimg.com/vi/Kx1V3ZcmvWQ/hqdefault.jpg",
    )


@pytest.mark.parametrize(
    ("status", "state", "reason"),
    [
        (404, "gone", "the platform says the post does not exist (deleted)"),
        (410, "gone", "the platform says the post was deleted"),
        (403, "gone", "the platform refuses to show the post (made private or restricted)"),
        (500, "failed", "127.0.0.1 answered HTTP 500"),
        (429, "failed", "127.0.0.1 answered HTTP 429"),
    ],
)
def test_error_answers_mark_the_post_gone_or_failed(oembed, status, state, reason):
    oembed.answer(X_ADDRESS, status=status, body=b'{"error": "x"}')
    post = pending_post()

    fetch_social_post(post)

    post.refresh_from_db()
    assert (post.state, post.state_reason) == (state, reason)


def test_a_platform_slower_than_the_timeout_fails_the_fetch(oembed):
    oembed.answer(X_ADDRESS, X_ANSWER, delay=2)
    post = pending_post()

    assert fetch_social_post(post) == "failed"

    post.refresh_from_db()
    assert post.state_reason == "127.0.0.1 did not answer within 0.5 seconds"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>Rate limited</html>", "127.0.0.1 answered with something that is not JSON"),
        (b'{"author_name": "Sacnilk", "html": ', "127.0.0.1 answered with something that is not JSON"),
        (b'["not", "oembed"]', "127.0.0.1 answered with JSON that is not oEmbed"),
        (b'{"error": {"code": 1}}', "127.0.0.1 answered with JSON that is not oEmbed"),
    ],
)
def test_garbage_answers_fail_the_fetch(oembed, body, reason):
    oembed.answer(X_ADDRESS, body=body)
    post = pending_post()

    fetch_social_post(post)

    post.refresh_from_db()
    assert (post.state, post.state_reason) == ("failed", reason)


def test_an_endpoint_nobody_listens_on_fails_the_fetch(oembed, settings):
    settings.SOCIAL_OEMBED_ENDPOINTS = {**settings.SOCIAL_OEMBED_ENDPOINTS, "x": "http://127.0.0.1:9/oembed"}
    post = pending_post()

    fetch_social_post(post)

    post.refresh_from_db()
    assert post.state == "failed"
    assert post.state_reason.startswith("could not reach 127.0.0.1 (")


def test_instagram_is_not_asked_without_a_meta_token_and_says_why(oembed):
    post = pending_post("instagram")

    fetch_social_post(post)

    post.refresh_from_db()
    assert post.state == "failed"
    assert post.state_reason == (
        "Instagram only answers apps with a Meta access token (SOCIAL_META_ACCESS_TOKEN is not set): "
        "paste the embed code or complete the post by hand"
    )
    assert oembed.requests == []


def test_instagram_is_asked_with_the_meta_token_when_there_is_one(oembed, settings):
    settings.SOCIAL_META_ACCESS_TOKEN = "app|secret"
    oembed.answer(
        "https://www.instagram.com/p/C2xYz9AbCdE/",
        {"author_name": "aliaabhatt", "type": "rich", "thumbnail_url": "https://scontent.cdninstagram.com/t.jpg"},
    )
    post = pending_post("instagram")

    fetch_social_post(post)

    post.refresh_from_db()
    assert (post.state, post.author_handle, post.media_url) == (
        "archived",
        "aliaabhatt",
        "https://scontent.cdninstagram.com/t.jpg",
    )
    assert oembed.requests[0]["query"]["access_token"] == ["app|secret"]


def test_a_fetch_never_overwrites_what_an_editor_wrote(oembed):
    oembed.answer(X_ADDRESS, X_ANSWER)
    post = pending_post(text="Typed by the editor")

    fetch_social_post(post)

    post.refresh_from_db()
    assert (post.text, post.author_name) == ("Typed by the editor", "Sacnilk")


def test_an_archived_post_that_cannot_be_checked_stays_archived(oembed):
    oembed.answer(X_ADDRESS, status=503, body=b"")
    post = pending_post(text="Archived text", state=SocialPost.State.ARCHIVED)

    assert fetch_social_post(post) == "failed"

    post.refresh_from_db()
    assert (post.state, post.state_reason, post.text) == ("archived", "", "Archived text")
    assert post.checked_at is not None


def test_with_the_database_backend_the_fetch_waits_in_the_queue_for_the_worker(
    oembed, database_tasks, django_capture_on_commit_callbacks, run_tasks
):
    oembed.answer(X_ADDRESS, X_ANSWER)
    ref = recognise("https://x.com/i/status/1699999999999999999")

    with django_capture_on_commit_callbacks(execute=True):
        archive_social_posts([ParsedPost(ref=ref)])
    post = SocialPost.objects.get()
    queued = DBTaskResult.objects.get()
    assert (post.state, oembed.requests) == ("pending", [])
    assert (queued.task_path, queued.status, queued.args_kwargs) == (
        "social.tasks.fetch_post",
        "READY",
        {"args": [post.pk], "kwargs": {"overwrite": False}},
    )

    assert run_tasks() == 1

    post.refresh_from_db()
    queued.refresh_from_db()
    assert (post.state, post.author_name) == ("archived", "Sacnilk")
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "archived")
    assert len(oembed.requests) == 1


def test_a_failure_that_may_pass_queues_the_next_try_for_the_posts_retry_time(oembed, database_tasks, run_tasks):
    oembed.answer(X_ADDRESS, status=503, body=b"")
    post = pending_post()
    fetch_post.enqueue(post.pk)

    assert run_tasks() == 1

    post.refresh_from_db()
    retry = DBTaskResult.objects.get(status="READY")
    assert (post.state, post.failure, post.retry_at - post.checked_at) == ("failed", "refused", timedelta(minutes=10))
    assert (retry.run_after, retry.args_kwargs) == (post.retry_at, {"args": [post.pk], "kwargs": {"retry": True}})
    assert run_tasks() == 0  # not before its time

    oembed.answer(X_ADDRESS, X_ANSWER)
    past = timezone.now() - timedelta(seconds=1)
    SocialPost.objects.filter(pk=post.pk).update(retry_at=past)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=past)
    assert run_tasks() == 1

    post.refresh_from_db()
    assert (post.state, post.failed_fetches, post.retry_at) == ("archived", 0, None)
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_a_later_try_does_nothing_when_the_sweep_or_an_editor_got_there_first(oembed):
    post = pending_post(state=SocialPost.State.ARCHIVED, text="Archived by the sweep")

    assert fetch_post.call(post.pk, retry=True) is None
    assert fetch_post.call(post.pk + 1000) is None  # deleted since

    assert oembed.requests == []


def test_the_refetch_of_an_editor_is_a_task_that_replaces_the_archived_fields(
    oembed, django_capture_on_commit_callbacks, run_tasks
):
    oembed.answer(X_ADDRESS, X_ANSWER)
    post = pending_post(state=SocialPost.State.ARCHIVED, author_name="Typo", text="Old text")

    with django_capture_on_commit_callbacks(execute=True):
        assert refetch_social_posts([post]) == 1
    run_tasks()

    post.refresh_from_db()
    assert (post.author_name, post.text) == ("Sacnilk", "Opening day numbers are in 🔥 #Jawan")


def test_check_social_posts_can_queue_the_checks_for_the_worker(oembed, database_tasks, run_tasks):
    oembed.answer(X_ADDRESS, X_ANSWER)
    waiting = pending_post()
    archived = make_social_post(checked_at=timezone.now() - timedelta(days=2))

    out = io.StringIO()
    call_command("check_social_posts", "--enqueue", stdout=out)

    assert out.getvalue() == "Queued 2 social posts for a check.\n"
    assert [result.args_kwargs["args"] for result in DBTaskResult.objects.order_by("enqueued_at")] == [
        [waiting.pk],
        [archived.pk],
    ]
    assert run_tasks() == 2
    waiting.refresh_from_db()
    assert waiting.state == "archived"


def test_check_social_posts_marks_gone_posts_and_reports_counts(oembed):
    oembed.answer(X_ADDRESS, X_ANSWER)
    oembed.answer("https://www.youtube.com/watch?v=Kx1V3ZcmvWQ", status=404, body=b"Not Found")
    waiting = pending_post()
    deleted = pending_post("youtube", text="Trailer", state=SocialPost.State.ARCHIVED)
    blocked = pending_post("instagram")  # no Meta token: fails, and the run goes on

    out = io.StringIO()
    call_command("check_social_posts", stdout=out)

    assert out.getvalue() == "Checked 3 social posts: 1 archived, 1 gone (1 newly), 1 failed, 0 errors.\n"
    states = dict(SocialPost.objects.values_list("pk", "state"))
    assert states == {waiting.pk: "archived", deleted.pk: "gone", blocked.pk: "failed"}


def test_check_social_posts_takes_waiting_posts_first_then_the_longest_unchecked(oembed):
    now = timezone.now()
    recent = make_social_post(checked_at=now - timedelta(hours=1))
    oldest = make_social_post(checked_at=now - timedelta(days=3))
    never = make_social_post(checked_at=None)
    waiting = make_social_post(state=SocialPost.State.PENDING, checked_at=now)

    order = list(SocialPost.objects.due_for_check(now).values_list("pk", flat=True))
    counts = check_social_posts(limit=2)

    assert order == [waiting.pk, never.pk, oldest.pk, recent.pk]
    assert counts["checked"] == 2
    recent.refresh_from_db()
    assert recent.checked_at == now - timedelta(hours=1)


def test_bluesky_answers_without_a_token_with_its_embed_code(oembed):
    oembed.answer(
        "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w",
        {"type": "rich", "version": "1.0", "author_name": "Meera Reviews", "html": embed.BLUESKY},
    )
    post = pending_post("bluesky")

    assert fetch_social_post(post) == "archived"

    post.refresh_from_db()
    assert (post.author_name, post.author_handle) == ("Meera Reviews", "meerareviews.bsky.social")
    assert post.text.startswith("Front row at the Dil Se Dobara screening 🎬")
    assert oembed.requests[0]["path"].startswith("/oembed/bluesky?")
    assert "access_token" not in oembed.requests[0]["query"]


def test_threads_is_asked_only_with_the_meta_token_under_the_authors_address(oembed, settings):
    waiting = pending_post("threads", author_handle="karanjohar")

    assert fetch_social_post(waiting) == "failed"
    assert oembed.requests == []

    settings.SOCIAL_META_ACCESS_TOKEN = "app|secret"
    oembed.answer("https://www.threads.com/@karanjohar/post/DCx1Ab2Cd3E", {"type": "rich", "html": embed.THREADS})

    assert fetch_social_post(waiting) == "archived"
    assert oembed.requests[0]["query"]["access_token"] == ["app|secret"]


def test_a_failure_that_may_pass_is_tried_again_later_each_time(oembed):
    oembed.answer(X_ADDRESS, status=503, body=b"")
    post = pending_post()

    fetch_social_post(post)
    post.refresh_from_db()
    first_wait = post.retry_at - post.checked_at
    assert (post.failure, post.failed_fetches, first_wait) == ("refused", 1, timedelta(minutes=10))
    assert check_social_posts()["checked"] == 0  # not due yet

    SocialPost.objects.filter(pk=post.pk).update(retry_at=timezone.now() - timedelta(seconds=1))
    assert check_social_posts()["failed"] == 1
    post.refresh_from_db()
    assert (post.failed_fetches, post.retry_at - post.checked_at) == (2, timedelta(minutes=30))

    oembed.answer(X_ADDRESS, X_ANSWER)
    SocialPost.objects.filter(pk=post.pk).update(retry_at=timezone.now() - timedelta(seconds=1))
    assert check_social_posts()["archived"] == 1
    post.refresh_from_db()
    assert (post.state, post.failure, post.failed_fetches, post.retry_at) == ("archived", "", 0, None)


def test_failures_tell_editors_what_happened_in_plain_words_and_when_we_try_again(oembed, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    oembed.answer(X_ADDRESS, body=b"<html>Oops</html>")
    unreadable = pending_post()
    fetch_social_post(unreadable)
    unreadable.refresh_from_db()
    unreadable.retry_at = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
    blocked = pending_post("instagram")
    fetch_social_post(blocked)
    blocked.refresh_from_db()

    assert unreadable.state_summary() == (
        "Fetch failed: X’s answer could not be read; we will try again after 14:35, 1 December."
    )
    assert unreadable.state_reason == "127.0.0.1 answered with something that is not JSON"
    assert blocked.state_summary() == (
        "Fetch failed: Instagram answers only sites with a Meta access token, and this site has none."
    )
    assert blocked.retry_at is None  # a setting must change first; every check still asks, at no cost
