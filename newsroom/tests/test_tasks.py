"""Background tasks: which backend runs them (TASK_BACKEND), the real worker, and retries with back-off."""

import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from newsroom.tasks import retry_delay, retry_later
from newsroom.tests.test_settings import load_settings


@task()
def add(a, b):
    return a + b


@task()
def flaky(key, attempt=1):
    """Fails on its first two attempts, each time queueing the next; the third succeeds."""
    if attempt < 3:
        retry_later(flaky, key, attempt=attempt)
        raise RuntimeError(f"attempt {attempt} of {key} failed")
    return f"{key} done on attempt {attempt}"


def test_tasks_run_at_once_unless_the_database_backend_is_asked_for(tmp_path):
    show = "s.TASKS['default']['BACKEND']"

    assert load_settings(tmp_path, show=show).stdout == "django_tasks.backends.immediate.ImmediateBackend\n"
    assert load_settings(tmp_path, show=show, TASK_BACKEND="").stdout == (
        "django_tasks.backends.immediate.ImmediateBackend\n"
    )
    assert load_settings(tmp_path, show=show, TASK_BACKEND="database").stdout == "django_tasks_db.DatabaseBackend\n"


def test_an_unknown_task_backend_is_refused_by_name(tmp_path):
    result = load_settings(tmp_path, TASK_BACKEND="celery")

    assert result.returncode == 1
    assert "ImproperlyConfigured: TASK_BACKEND must be immediate or database, not 'celery'." in result.stderr


def test_the_back_off_waits_five_times_longer_after_each_failure():
    assert [retry_delay(attempt) for attempt in range(1, 6)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=25),
        timedelta(minutes=125),
        timedelta(minutes=625),
    ]


@pytest.fixture
def signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers (graceful shutdown); give pytest its own back."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_the_queued_tasks_and_keeps_each_outcome(database_tasks, signal_handlers):
    added = add.enqueue(2, 3)
    failing = add.enqueue(2, "three")
    assert DBTaskResult.objects.ready().count() == 2

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert added.backend == "default"
    added.refresh()
    failing.refresh()
    assert (added.status, added.return_value) == (TaskResultStatus.SUCCESSFUL, 5)
    assert failing.status == TaskResultStatus.FAILED
    assert failing.errors[0].exception_class_path == "builtins.TypeError"
    assert "unsupported operand type(s) for +: 'int' and 'str'" in failing.errors[0].traceback


@pytest.mark.django_db
def test_a_failed_task_is_queued_again_later_after_each_failure(database_tasks, run_tasks):
    flaky.enqueue("x")

    assert run_tasks() == 1
    first = DBTaskResult.objects.get(status="FAILED")
    second = DBTaskResult.objects.get(status="READY")
    assert "RuntimeError: attempt 1 of x failed" in first.traceback
    assert second.args_kwargs == {"args": ["x"], "kwargs": {"attempt": 2}}
    assert first.started_at + timedelta(minutes=1) <= second.run_after <= first.finished_at + timedelta(minutes=1)
    assert run_tasks() == 0  # not before its time

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert run_tasks() == 1
    third = DBTaskResult.objects.get(status="READY")
    assert third.args_kwargs == {"args": ["x"], "kwargs": {"attempt": 3}}
    assert third.run_after - timezone.now() > timedelta(minutes=4)  # five minutes after the second failure

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert run_tasks() == 1
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", "return_value")) == [
        ("FAILED", None),
        ("FAILED", None),
        ("SUCCESSFUL", "x done on attempt 3"),
    ]


@pytest.mark.django_db
def test_the_last_attempt_is_not_retried():
    assert retry_later(flaky, "x", attempt=6) is None


@pytest.mark.django_db
def test_the_immediate_backend_runs_a_task_at_once_and_cannot_retry_it_later(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert add.enqueue(2, 3).return_value == 5
    result = flaky.enqueue("y")

    assert result.status == TaskResultStatus.FAILED
    assert retry_later(flaky, "y", attempt=1) is None
    assert DBTaskResult.objects.count() == 0
