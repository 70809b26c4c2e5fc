"""
Task glue shared by the apps' background tasks. It imports no app, so every app's tasks may use it.

Neither django-tasks backend retries a task that failed: the immediate one records the error on a result
nobody keeps, the database one marks its row FAILED with the traceback (visible in the admin under "Task
results"). `retry_later()` is what our tasks call when a failure may pass: it queues the same task again,
later after each failure, when the backend can run a task later at all (the database backend can, the
immediate one cannot: there the sweeps in cron, `check_social_posts` and `write_renditions`, try again).
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

# After a failure, wait a minute, then five times longer after each further one: 1, 5, 25 minutes, about
# 2 and 10 hours, and then stop (the error stays on the row, for an editor or the sweeps to take up).
FIRST_RETRY = timedelta(minutes=1)
RETRY_FACTOR = 5
ATTEMPTS = 6


def retry_delay(attempt, *, first=FIRST_RETRY, factor=RETRY_FACTOR):
    """How long to wait after failed attempt number `attempt` (counting from 1)."""
    return first * factor ** (attempt - 1)


def can_run_later(task):
    return task.get_backend().supports_defer


def retry_later(task, *args, attempt, attempts=ATTEMPTS, **kwargs):
    """Queue `task` again with these arguments and `attempt=attempt + 1`, after the back-off of `attempt`.

    Returns when it will run, or None when it will not: the last attempt failed, or the backend cannot run
    a task later. A task that may be retried takes `attempt` (1 on the first run) as a keyword argument.
    """
    if attempt >= attempts or not can_run_later(task):
        return None
    run_after = timezone.now() + retry_delay(attempt)
    task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
    return run_after


def send_once(row, sent_field, email, *, task, args, attempt, logger, what):
    """Send `email()` (an EmailMessage) unless `row` says it was sent: at most once ever, however often the
    task runs. The row's `sent_field` is claimed with the time in one conditional UPDATE before sending, so
    two runs never both send; a failed send gives the claim back, queues `task(*args)` again after the
    back-off (retry_later) and raises, for the backend to record. `what` names the email in the log.
    Returns whether this run sent it.
    """
    rows = type(row).objects.filter(pk=row.pk)
    if not rows.filter(**{f"{sent_field}__isnull": True}).update(**{sent_field: timezone.now()}):
        return False  # sent already, by an earlier run
    try:
        email().send()
    except Exception:
        rows.update(**{sent_field: None})
        logger.exception("Could not send %s", what)
        retry_later(task, *args, attempt=attempt)
        raise
    return True


def run_queued_tasks(backend_name="default"):
    """Run every task of the database backend that is due now, in this process; returns how many ran.

    It does what `manage.py db_worker --batch` does, one task at a time through the package's own Worker,
    but on the caller's database connection and without the worker's signal handlers or its closing of old
    connections: so a test (inside its transaction), the demo loader or the bench can run the queue. Under
    the immediate backend every task ran when it was enqueued, and this does nothing.
    """
    if not isinstance(task_backends[backend_name], DatabaseBackend):
        return 0
    worker = Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=None,
        worker_id="run_queued_tasks",
    )
    ran = 0
    while (queued := claim_next(backend_name, worker.worker_id)) is not None:
        worker.run_task(queued)
        ran += 1
    return ran


def claim_next(backend_name, worker_id):
    """The next due task, marked as running by `worker_id`, as the worker claims it; None when there is none."""
    ready = DBTaskResult.objects.ready().filter(backend_name=backend_name)
    with exclusive_transaction(ready.db):
        queued = ready.get_locked()
        if queued is not None:
            queued.claim(worker_id)
    return queued
