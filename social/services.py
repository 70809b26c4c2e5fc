"""
Archiving social posts, fetching and re-checking them.

Whatever shows posts (an article body, through articles/services.py), the admin, the demo loader and
`manage.py check_social_posts` all go through these functions, so a post behaves the same whichever way it
arrived. A post's `state` is the queue of record. When the archiving transaction commits, each post still
waiting for a fetch becomes a background task (social/tasks.py, run by the worker under
TASK_BACKEND=database, at once otherwise); whatever a lost task leaves waiting, `check_social_posts` (cron)
picks up, because it starts with the posts still waiting.
"""

import logging
from collections import Counter
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from newsroom.page_cache import invalidate
from social import oembed, tasks
from social.addresses import PostRef
from social.models import SocialPost

log = logging.getLogger(__name__)

FILLABLE_FIELDS = ("author_name", "author_handle", "text", "posted_at", "media_url")
# After a failure that may pass (no answer, an error, an unreadable answer), the next try waits 10 minutes,
# then three times longer after each further failure, a day at most.
FIRST_RETRY = timedelta(minutes=10)
LONGEST_RETRY = timedelta(days=1)
PASSING_FAILURES = {SocialPost.Failure.UNREACHABLE, SocialPost.Failure.REFUSED, SocialPost.Failure.UNREADABLE}


def fill(post, parsed, *, overwrite=False):
    """Copy what `parsed` knows onto `post`: only into empty fields unless told to overwrite."""
    changed = False
    for name in FILLABLE_FIELDS:
        value = getattr(parsed, name)
        if isinstance(value, str):
            value = value[: SocialPost._meta.get_field(name).max_length]
        if value and (overwrite or not getattr(post, name)) and getattr(post, name) != value:
            setattr(post, name, value)
            changed = True
    return changed


def new_post(parsed):
    """The row a first paste of a post makes, unsaved: the archive's state starts from what the paste holds.

    Archived when the paste carried the post itself (embed code); failed at once when this site cannot
    ask the platform at all (no endpoint, no Meta token), so that the editor learns it now; otherwise
    waiting for a fetch. The live preview shows this same row, so it and the saved article agree.
    """
    ref = parsed.ref
    post = SocialPost(platform=ref.platform, post_id=ref.post_id, permalink=ref.permalink)
    fill(post, parsed)
    if parsed.complete:
        post.state = SocialPost.State.ARCHIVED
    elif (problem := oembed.unavailable(ref)) is not None:
        post.state, post.state_reason, post.failure = SocialPost.State.FAILED, str(problem), problem.kind
    else:
        post.state = SocialPost.State.PENDING
    post.text_html = post.render_text_html()
    return post


NEW_POST_FIELDS = ["permalink", "state", "state_reason", "failure", *FILLABLE_FIELDS]


@transaction.atomic
def archive_social_post(parsed):
    """The archived row of a pasted post, created on first sight (see new_post).

    What an editor or an earlier paste put in the archive is never overwritten; a later paste only fills
    empty fields, and embed code (which carries the post itself) ends a wait for a fetch.
    """
    first_paste = new_post(parsed)
    post, created = SocialPost.objects.get_or_create(
        platform=first_paste.platform,
        post_id=first_paste.post_id,
        defaults={name: getattr(first_paste, name) for name in NEW_POST_FIELDS},
    )
    if created:
        return post
    changed = fill(post, parsed)
    if parsed.complete and post.state in (SocialPost.State.PENDING, SocialPost.State.FAILED):
        set_state(post, SocialPost.State.ARCHIVED)
        changed = True
    if changed:
        post.save()
    return post


def preview_post(parsed):
    """The post as it would be archived: the stored row if there is one, else the row a paste would make."""
    stored = SocialPost.objects.filter(platform=parsed.ref.platform, post_id=parsed.ref.post_id).first()
    return stored or new_post(parsed)


@transaction.atomic
def archive_social_posts(parsed_posts):
    """Archive each pasted post (see archive_social_post); the ones still waiting are fetched after commit.

    Returns the archived rows in the order given.
    """
    posts = [archive_social_post(parsed) for parsed in parsed_posts]
    waiting = sorted({post.pk for post in posts if post.state == SocialPost.State.PENDING})
    if waiting:
        transaction.on_commit(partial(queue_fetches, waiting))
    return posts


def fetch_social_post(post, *, overwrite=False):
    """Ask the platform about `post` and record the answer; returns "archived", "gone" or "failed".

    The request runs outside any transaction (a slow platform must not hold the database's write lock).
    The answer is recorded on a fresh copy of the row, so an editor's change made meanwhile survives.
    """
    ref = PostRef(post.platform, post.post_id, post.permalink, post.author_handle)
    failure = ""
    try:
        parsed = oembed.fetch(ref)
    except oembed.Gone as gone:
        outcome, reason, parsed = "gone", str(gone), None
    except oembed.FetchFailed as failed:
        outcome, reason, parsed, failure = "failed", str(failed), None, failed.kind
    else:
        outcome, reason = "archived", ""
    record_fetch(post, outcome, reason, parsed, overwrite=overwrite, failure=failure)
    return outcome


def set_state(post, state, reason=""):
    post.state, post.state_reason = state, reason[: SocialPost._meta.get_field("state_reason").max_length]
    post.failure, post.failed_fetches, post.retry_at = "", 0, None


@transaction.atomic
def record_fetch(post, outcome, reason, parsed, *, overwrite=False, failure=""):
    """Record the platform's answer about `post`: "archived" with what `parsed` says, "gone" or "failed".

    A failure of a kind that may pass (SocialPost.Failure) sets when to try again, later after each one.
    """
    now = timezone.now()
    post.refresh_from_db()
    post.checked_at = now
    if outcome == "archived":
        fill(post, parsed, overwrite=overwrite)
        set_state(post, SocialPost.State.ARCHIVED)
        post.fetched_at = now
    elif outcome == "gone":
        set_state(post, SocialPost.State.GONE, reason)
        post.fetched_at = now
    elif post.state in (SocialPost.State.PENDING, SocialPost.State.FAILED):
        failed_fetches = post.failed_fetches + 1
        set_state(post, SocialPost.State.FAILED, reason)
        post.failure, post.failed_fetches = failure, failed_fetches
        if failure in PASSING_FAILURES:
            post.retry_at = now + min(FIRST_RETRY * 3 ** (post.failed_fetches - 1), LONGEST_RETRY)
    # An archived or gone post that the platform did not answer about this time keeps its state: one
    # failed check is no news, and the next run asks again.
    post.save()
    if outcome in ("archived", "gone"):
        invalidate(f"social-post:{post.pk}")  # its card, on every story's page that shows it


def queue_fetches(post_ids, *, overwrite=False):
    """Hand each post to the background task that asks its platform (social/tasks.py); call it after commit."""
    for post_id in post_ids:
        tasks.fetch_post.enqueue(post_id, overwrite=overwrite)


def fetch_by_id(post_id, overwrite=False):
    try:
        post = SocialPost.objects.get(pk=post_id)
        return fetch_social_post(post, overwrite=overwrite)
    except SocialPost.DoesNotExist:
        return None
    except Exception:
        # A post that breaks the fetch must not break the caller (a request's commit, a cron run).
        log.exception("Fetching social post %s failed", post_id)
        return "error"


def refetch_social_posts(posts):
    """Queue posts for a fresh fetch that replaces their fields with what the platform says now."""
    post_ids = [post.pk for post in posts]
    transaction.on_commit(partial(queue_fetches, post_ids, overwrite=True))
    return len(post_ids)


def posts_due_for_check(limit):
    return list(SocialPost.objects.due_for_check(timezone.now()).values_list("pk", flat=True)[:limit])


def check_social_posts(*, limit=None):
    """Ask the platforms about the posts most due (waiting, failed, then the longest unchecked), here and now.

    Returns counts of outcomes: "archived" (the platform has it), "gone", "failed" (no usable answer),
    "error" (our bug; logged), and "newly gone". One post's failure never stops the run.
    """
    counts = Counter()
    post_ids = posts_due_for_check(limit)
    for post_id in post_ids:
        was_gone = SocialPost.objects.filter(pk=post_id, state=SocialPost.State.GONE).exists()
        outcome = fetch_by_id(post_id)
        if outcome is None:
            continue
        counts[outcome] += 1
        if outcome == "gone" and not was_gone:
            counts["newly gone"] += 1
    counts["checked"] = sum(counts[outcome] for outcome in ("archived", "gone", "failed", "error"))
    return counts


def queue_social_post_checks(*, limit=None):
    """Queue the checks of the posts most due (as check_social_posts takes them) for the worker; returns how many.

    For a site with a worker (TASK_BACKEND=database): the cron run ends at once and the worker asks the
    platforms. A post queued twice (a slow worker, two runs) is asked twice, which records the same answer.
    """
    post_ids = posts_due_for_check(limit)
    queue_fetches(post_ids)
    return len(post_ids)


@transaction.atomic
def complete_social_post(post):
    """An editor completed or corrected a post by hand: a post that was waiting or failed is archived as it
    stands now, and its card shows what they wrote on every story's page that shows it."""
    if post.state in (SocialPost.State.PENDING, SocialPost.State.FAILED) and (post.text or post.author_name):
        set_state(post, SocialPost.State.ARCHIVED)
        post.save(update_fields=["state", "state_reason", "failure", "failed_fetches", "retry_at"])
    invalidate(f"social-post:{post.pk}")
    return post
