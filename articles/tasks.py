"""
Background work of articles: the renditions and crops of an uploaded picture, and the workflow's emails.

Image.save() queues `write_renditions` once the upload commits, with the image's id and its file's
storage name, and again when an editor moves its focal point (the crops follow it), so the editor's
request never spends the seconds of CPU a large picture takes. The task reads the row afresh and does
nothing when the picture has another file by then (that file has a task of its own) or its renditions are
written already for its file and focal point: it can run late, twice, or again after a failure. The row's
`renditions_status` is the queue of record, as a social post's `state` is: `manage.py write_renditions`
(cron) takes up what a lost task left pending.

A step of the workflow that someone should hear about (articles/notifications.py) queues `notify_event`
once it commits (services.record_event), which queues one `send_event_email` per person. Each email is
claimed in the database before it is sent (ArticleEventEmail.sent_at, a conditional UPDATE), so two runs
never send it twice; a failed send gives the claim back, queues the next try with a back-off
(newsroom/tasks.py) and raises, for the backend to record.
"""

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from articles import images, notifications, services
from articles.models import ArticleEvent, ArticleEventEmail, Image
from newsroom.tasks import can_run_later, send_once

logger = logging.getLogger(__name__)


@task()
def write_renditions(image_id, file_name, retry=False):
    """Write the renditions of image `image_id`'s file `file_name`; returns whether it wrote them.

    Readers get the original until then; bodies saved meanwhile are rendered again with the renditions.
    A failure is kept on the image for the editor (its error, and when it is tried again: 1, 5, 25
    minutes… newsroom/tasks.py) and raised for the backend to record; the next try is queued for that
    time when the backend can run a task later. `retry` is that later try: it runs only if the image is
    still failed and its time has come.
    """
    image = Image.objects.filter(pk=image_id, file=file_name).first()
    if image is None:
        return False
    outdated = images.outdated(image)
    if image.renditions_status == Image.RenditionStatus.READY and outdated is None:
        return False
    if retry and not is_due_again(image):
        return False
    try:
        # A new focal point on a picture whose own shape is written rewrites its crops alone.
        written = images.write_renditions(image, crops_only=outdated == "crops")
    except Exception as error:
        retry_at = services.record_renditions_failure(image, error)
        if retry_at is not None and can_run_later(write_renditions):
            write_renditions.using(run_after=retry_at).enqueue(image_id, file_name, retry=True)
        raise
    return services.record_renditions(image, written)


def is_due_again(image):
    return (
        image.renditions_status == Image.RenditionStatus.FAILED
        and image.renditions_retry_at is not None
        and image.renditions_retry_at <= timezone.now()
    )


# The workflow's emails ------------------------------------------------------------------------------


@task()
def notify_event(event_id):
    """Queue one email per person to tell about history step `event_id`; returns how many."""
    event = ArticleEvent.objects.filter(pk=event_id).select_related("article__created_by").first()
    if event is None or event.action not in notifications.EMAILED_ACTIONS:
        return 0
    people = notifications.recipients(event)
    for person in people:
        send_event_email.enqueue(event.pk, person.pk)
    return len(people)


@task()
def send_event_email(event_id, recipient_id, attempt=1):
    """Email one person about one step of an article's history, at most once ever; returns whether it was sent."""
    events = ArticleEvent.objects.select_related("article__section", "article__created_by", "actor")
    event = events.filter(pk=event_id).first()
    recipient = get_user_model().objects.filter(pk=recipient_id).first()
    if event is None or recipient is None or not notifications.still_wanted(event, recipient):
        return False
    claim, _ = ArticleEventEmail.objects.get_or_create(event=event, recipient=recipient)
    return send_once(
        claim,
        "sent_at",
        partial(notifications.event_email, event, recipient),
        task=send_event_email,
        args=[event_id, recipient_id],
        attempt=attempt,
        logger=logger,
        what=f"the email to user {recipient_id} about article event {event_id}",
    )
