"""
A write the database refuses (read-only, disk full, a lock held too long, PostgreSQL down) answers 503,
and so does a file the disk refuses (full, read-only) once a form has passed its own checks.

Such a failure is the server's state, not a bug in the request: the same form sent a minute later works.
So instead of a 500 the sender is told that nothing was saved and when to try again (503 with
Retry-After), and the failure is logged once, with its cause, under this module's logger. Pages keep
rendering from a database that refuses only writes; a read answers 503 only when the database cannot be
reached at all (PostgreSQL stopped or restarting, the SQLite file gone), with templates/503.html, which
reads nothing, and the site recovers by itself once the database is back (bench/faults.py, "postgres").

The comment form answers for itself (comments/views.py), to give the reader their text back in the form;
`WriteRefusedMiddleware` answers for every other POST: the admin's sign-in (its session row and
`last_login`) and every save in the admin. docs/decisions.md, "A write the database refuses".
"""

import errno
import logging
import sqlite3

from django.db import DatabaseError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from newsroom.logs import now_and_then

logger = logging.getLogger(__name__)

MESSAGE = "The database is not accepting changes right now: nothing was saved; try again in a minute."
DISK_MESSAGE = "The server’s disk is not accepting files right now: nothing was saved; try again in a minute."
RETRY_AFTER = 60  # seconds: a lock or a restart is over by then, and a reader will not wait much longer

# SQLite names its refusals only in words (sqlite3 exposes no error code before Python 3.11's attribute).
SQLITE_REFUSALS = (
    "attempt to write a readonly database",
    "database or disk is full",
    "is locked",  # "database is locked" once the busy timeout ran out; "database table is locked" in shared cache
    "disk i/o error",
    "unable to open database file",
)
# PostgreSQL's SQLSTATE codes and classes that say "not now" rather than "wrong": a read-only transaction
# (a standby, default_transaction_read_only), insufficient resources (disk full, too many connections),
# a lock not available, a statement or lock timeout, a server shutting down, a connection lost.
POSTGRES_REFUSALS = ("25006", "53", "55P03", "57014", "57P", "08")


# Of those, the ones that mean "no database at all" rather than "no writes": a connection refused or lost,
# a server shutting down or starting up; for SQLite a file that cannot be opened.
POSTGRES_UNREACHABLE = ("08", "57P")
SQLITE_UNREACHABLE = ("unable to open database file", "disk i/o error")
UNREACHABLE_MESSAGE = "The site cannot reach its database for a moment: please try again in a minute."

# A disk that is full or mounted read-only refuses media files the way a database refuses rows.
DISK_REFUSALS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def refuses_writes(error):
    """Whether `error` (a django.db error, or an OSError from the disk) means writes cannot be taken just now.

    Errors that a second try would meet again (a missing table, a broken constraint, bad SQL) are not.
    """
    if isinstance(error, OSError):
        return error.errno in DISK_REFUSALS
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(POSTGRES_REFUSALS)
    if isinstance(cause, sqlite3.Error):
        return any(words in str(cause).lower() for words in SQLITE_REFUSALS)
    # psycopg's OperationalError without a code: the connection failed before any statement ran.
    return isinstance(error, OperationalError)


def database_unreachable(error):
    """Whether `error` means the database cannot be reached at all, so that reads fail as well as writes."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(POSTGRES_UNREACHABLE)
    if isinstance(cause, sqlite3.Error):
        return any(words in str(cause).lower() for words in SQLITE_UNREACHABLE)
    return isinstance(error, OperationalError)  # psycopg's, raised before a connection existed


def log_unreachable(request, error):
    """One line a minute per process while the database is unreachable, with its cause (newsroom/logs.py)."""
    now_and_then(
        logger.error,
        "The database cannot be reached (%s %s; said once a minute per process while it lasts): %s: %s",
        request.method,
        request.path,
        type(error.__cause__ or error).__name__,
        error,
    )


def log_refused(request, error):
    """Log the refusal once, with its cause (no traceback: it is the database's state, not our code's)."""
    logger.error(
        "The %s refused a write (%s %s): %s: %s",
        "disk" if isinstance(error, OSError) else "database",
        request.method,
        request.path,
        type(error.__cause__ or error).__name__,
        error,
    )


def refused_response(response):
    """`response` as a 503 to try again: Retry-After, and not logged again by django.request."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "private, no-store"
    # django.request would log "Service Unavailable" a second time; log_refused() said it with the cause.
    response._has_been_logged = True
    return response


class WriteRefusedMiddleware:
    """Any POST (PUT, PATCH, DELETE) whose view meets a refused write gets templates/write_refused.html.

    One place for every form of the site and the admin, since the failure is the same whoever asked. It
    answers for exceptions raised in views (the admin's saves and its sign-in both write there). A GET's
    database error stays a 500, since a read that fails is not a refused write, unless the database cannot
    be reached at all: then templates/503.html, which reads nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            if not database_unreachable(exception):
                return None
            log_unreachable(request, exception)
            # Without the request, so without the context processors: the site's settings may need the database.
            page = render_to_string("503.html", {"message": UNREACHABLE_MESSAGE})
            return refused_response(HttpResponse(page))
        if not refuses_writes(exception):
            return None
        log_refused(request, exception)
        message = DISK_MESSAGE if isinstance(exception, OSError) else MESSAGE
        try:
            response = render(request, "write_refused.html", {"message": message})
        except DatabaseError:
            # The page's header reads the sections: with the database gone altogether, the sentence alone.
            response = HttpResponse(message, content_type="text/plain; charset=utf-8")
        return refused_response(response)
