"""
Background work of social posts: asking a platform about one post.

The task takes the post's id and reads the row afresh, so it can run late, twice or after the post
changed; recording an answer twice is harmless. The post's `state` stays the queue of record: a task lost
with a worker leaves its post waiting (or failed and due), and `check_social_posts` in cron takes it up.
"""

from django.utils import timezone
from django_tasks import task

from newsroom.tasks import can_run_later
from social import services
from social.models import SocialPost


@task()
def fetch_post(post_id, overwrite=False, retry=False):
    """Ask the platform about post `post_id` and record its answer; returns the outcome, or None.

    `overwrite` replaces the archived fields with the platform's (the editors' "Re-fetch"). `retry` is a
    later try after a failure that may pass: it runs only if the post is still failed and its time has
    come, so a sweep or an editor that got there first makes it a no-op. A failure that may pass queues
    the next try for the post's `retry_at`, when the backend can run a task later; the post tells the
    editor that time, and the error, in plain words (SocialPost.state_summary).
    """
    post = SocialPost.objects.filter(pk=post_id).first()
    if post is None or (retry and not is_due_again(post)):
        return None
    outcome = services.fetch_social_post(post, overwrite=overwrite)
    post.refresh_from_db(fields=["state", "retry_at"])
    if outcome == "failed" and post.state == SocialPost.State.FAILED and post.retry_at and can_run_later(fetch_post):
        fetch_post.using(run_after=post.retry_at).enqueue(post_id, retry=True)
    return outcome


def is_due_again(post):
    return post.state == SocialPost.State.FAILED and post.retry_at is not None and post.retry_at <= timezone.now()
