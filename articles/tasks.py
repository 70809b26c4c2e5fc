"""
Background work of articles: the WebP renditions of an uploaded picture.

Image.save() queues `write_renditions` once the upload commits, with the image's id and its file's
storage name, so the editor's request never spends the seconds of CPU a large picture takes. The task
reads the row afresh and does nothing when the picture has another file by then (that file has a task of
its own) or its renditions are written already: it can run late, twice, or again after a failure. The
row's `renditions_status` is the queue of record, as a social post's `state` is: `manage.py
write_renditions` (cron) takes up what a lost task left pending.
"""

from django.utils import timezone
from django_tasks import task

from articles import images, services
from articles.models import Image
from newsroom.tasks import can_run_later


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
    if image is None or image.renditions_status == Image.RenditionStatus.READY:
        return False
    if retry and not is_due_again(image):
        return False
    try:
        written = images.write_renditions(image)
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
