"""Logging a failure that every request meets while it lasts (a cache or a database that does not answer):
one line per message a minute per process, with its cause, rather than a line or a traceback per request.

Like newsroom/page_cache.py, this imports no app, so every app may use it (newsroom/tests/test_layout.py).
"""

import time

EVERY_SECONDS = 60
LAST_LOGGED = {}  # (logger name, message) → when it was last logged, time.monotonic()


def now_and_then(log, message, *args, **kwargs):
    """`log(message, *args, **kwargs)` (a logger's method: `log.warning`, `logger.error`) unless the same
    logger logged the same message, whatever its arguments, in the last EVERY_SECONDS."""
    key = (log.__self__.name, message)
    now = time.monotonic()
    last = LAST_LOGGED.get(key)
    if last is not None and now - last < EVERY_SECONDS:
        return
    LAST_LOGGED[key] = now
    log(message, *args, **kwargs)
