"""
The page cache: whole pages for anonymous readers, served before Django's handler, sessions, CSRF, auth,
messages, URL resolving and the view run (docs/caching.md, "The page cache").

A view says a page may be shared, and what it shows, with `depends_on(response, "article:42", "lists")`.
Each tag has a version in the cache (a token); an entry keeps the versions its tags had when it was
stored, and a hit serves it only while they all still match: one `get` for the entry, one `get_many` for
the versions (on local memory, one `get` and the generation file: below; no `get` for a request the front
remembers: "The front's memory"). `invalidate(*tags)` gives the
tags new versions once the transaction commits, so every page that showed the changed thing misses at
once, whichever server stored it; nothing is deleted by pattern.

This module imports no app (like newsroom/tasks.py), so every app's services may call it. What an app
knows about time (the next scheduled article) it tells through its AppConfig's `page_cache_expires_at()`;
an app that keeps HTML of its own learns of each invalidation through its `page_cache_invalidated(tags)`.
"""

import hashlib
import json
import logging
import os
import secrets
import time
import urllib.request
from functools import partial, wraps
from http import HTTPStatus
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date
from django_tasks import task

from newsroom.logs import now_and_then

log = logging.getLogger(__name__)

ENTRY_PREFIX = "page:v2:"  # v2: the stored headers leave out Cache-Control
VERSION_PREFIX = "page-tag:v1:"
# Every page shows the site settings and the sections' navigation: one tag they all depend on.
SITE = "site"
# What a response that the cache must never share says about itself.
PRIVATE = ("private", "no-store", "no-cache")


def cache():
    return caches["default"]


# What a view says ------------------------------------------------------------------------------------


def depends_on(response, *tags):
    """Let `response` be stored for anonymous readers, to be served until one of `tags` changes.

    Every page depends on SITE as well. Call it again to add tags. Returns the response.
    """
    found = getattr(response, "page_cache_tags", None)
    if found is None:
        found = response.page_cache_tags = {SITE}
    found.update(tags)
    return response


def cached_view(*tags):
    """A view decorator for pages that depend on fixed tags (the feeds and sitemaps, by their URLconf)."""

    def decorator(view):
        @wraps(view)
        def cacheable_view(request, *args, **kwargs):
            return depends_on(view(request, *args, **kwargs), *tags)

        return cacheable_view

    return decorator


def tags_of(kind, things):
    """["article:1", "article:2", …] for the primary keys (or rows) `things`."""
    return [f"{kind}:{getattr(thing, 'pk', thing)}" for thing in things]


# Invalidation ----------------------------------------------------------------------------------------


def new_version():
    """A version token that says when it was made, so a page rendered before it is never stored with it."""
    return f"{time.time():.6f}:{secrets.token_hex(4)}"


def made_at(version):
    return float(version.partition(":")[0])


def invalidate(*tags):
    """Give `tags` new versions once the current transaction commits (at once outside one); then ask the
    CDN to purge them (PAGE_CACHE_PURGE_URL) in a background task, so a slow CDN never slows a publish.

    First, as it is called, inside the writer's transaction: `invalidated(tags)`."""
    tags = sorted(set(tags))
    if tags:
        invalidated(tags)
        transaction.on_commit(partial(bump, tags))


def invalidated(tags):
    """Tell each app whose AppConfig has `page_cache_invalidated(tags)` that `tags` changed, so that what it
    keeps rendered besides the pages (articles/story_html.py) expires with the change that expires them."""
    for config in apps.get_app_configs():
        if hasattr(config, "page_cache_invalidated"):
            config.page_cache_invalidated(tags)


def bump(tags):
    try:
        cache().set_many({VERSION_PREFIX + tag: new_version() for tag in tags}, timeout=None)
    except Exception:  # a cache that does not answer holds no entry to serve either
        log.warning("Page cache: could not bump %s", tags, exc_info=True)
    if is_local_memory():
        touch_generation()
    if settings.PAGE_CACHE_PURGE_URL:
        purge_page_tags.enqueue(tags)


PURGE_TIMEOUT = 5  # seconds; the task runs in the worker, never in the editor's request


@task()
def purge_page_tags(tags):
    """Tell the CDN in front (PAGE_CACHE_PURGE_URL) that the pages of `tags` changed: POST {"tags": [...]}.

    A CDN that does not answer keeps a page no longer than s-maxage; the failure is logged and raised for the
    task backend to record. Returns the CDN's status code.
    """
    request = urllib.request.Request(  # noqa: S310 (an http(s) address: settings.py checks the scheme)
        settings.PAGE_CACHE_PURGE_URL,
        data=json.dumps({"tags": list(tags)}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as answer:  # noqa: S310 (as above)
            return answer.status
    except Exception:
        log.warning("Page cache: the purge of %s at PAGE_CACHE_PURGE_URL failed", tags, exc_info=True)
        raise


# Local memory: each worker a cache of its own --------------------------------------------------------
# A bump reaches only the cache of the process that made it. On one box (`make serve`: several gunicorn
# workers, no CACHE_URL) every bump therefore also moves a generation that all workers see, the modification
# time of one file (PAGE_CACHE_GENERATION_FILE); an entry is served only in the generation it was stored in.
# One stat() per hit. Coarse (any change expires every worker's pages) but never stale; Redis is precise.
# Since every bump moves the generation, a hit on local memory need not read its tags' versions as well: one
# get() for the entry and the stat() (an article page depends on about 20 tags, a third of the hit's CPU
# when locmem read them one by one).

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


def is_local_memory():
    return settings.CACHES["default"]["BACKEND"] == LOCAL_MEMORY


def generation():
    if not is_local_memory():
        return None
    try:
        return os.stat(settings.PAGE_CACHE_GENERATION_FILE).st_mtime_ns
    except FileNotFoundError:
        return 0


def touch_generation():
    path = settings.PAGE_CACHE_GENERATION_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        now = time.time_ns()
        # Two bumps within the file system's time resolution must still differ.
        os.utime(path, ns=(now, max(now, os.stat(path).st_mtime_ns + 1)))
    except OSError:
        log.warning("Page cache: could not move the generation in %s", path, exc_info=True)


# The hit path ----------------------------------------------------------------------------------------
# One decision, `stored_entry(request)`, used in two places: `serve_stored_pages`, the WSGI application of
# newsroom/wsgi.py, answers a hit before Django's handler runs at all (a hit then costs about what a minimal
# WSGI app does: docs/performance.md); the middleware answers it under any other handler (the test client,
# ASGI) and stores what the views let it share.

MISSED = "newsroom.page_cache.missed"  # in the WSGI environ: the front looked and found nothing


def bypasses(request):
    """Whether the request carries a cookie that makes its page personal (staff, messages, a pending comment)."""
    return any(name in request.COOKIES for name in settings.PER_READER_COOKIES)


def shareable_request(request):
    """Whether the answer to `request` may come from, or go into, the shared cache.

    A GET or HEAD without a personal cookie, for a page rather than a static file (whitenoise's, below the
    cache), that SecurityMiddleware would not redirect to https, from a Host in ALLOWED_HOSTS (any other is
    refused further in, 400 with the security headers, as every request for it is).
    """
    if request.method not in ("GET", "HEAD") or bypasses(request) or request.path.startswith(settings.STATIC_URL):
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def entry_key(request):
    """The scheme (SecurityMiddleware sends HSTS on https only), the path, the query parameters that change a
    page (sorted; others, utm_* among them, left out) and whether the answer is gzipped: GZipMiddleware runs
    inside this one, so each encoding is its own entry."""
    meta = request.META  # not request.headers, which would parse every header of the request first
    kept = sorted(
        (name, value)
        for name, values in (request.GET.lists() if meta.get("QUERY_STRING") else ())
        if name in settings.PAGE_CACHE_QUERY_PARAMETERS
        for value in values
    )
    gzip = "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "").lower()
    address = f"{request.scheme}://{request.path}?{urlencode(kept)}|{'gzip' if gzip else 'identity'}"
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def stored_entry(request):
    """(key, entry): the entry's key and the stored page for `request`, entry None on a miss; (None, None) for
    a request the shared cache may not answer (shareable_request)."""
    if not shareable_request(request):
        return None, None
    key = entry_key(request)
    # The front looked already (serve_stored_pages): the middleware does not ask the cache again.
    return key, None if request.META.get(MISSED) else lookup(key)


def serve_stored_pages(application):
    """Wrap Django's WSGI `application`: a stored page is answered before it runs (no request/response
    objects beyond the lookup's, no signals, no middleware); anything else goes on to it.

    A request the front answered before, field for field (`front_fields`), is answered from its memory
    (`remembered`) without a WSGIRequest or the cache's copy; any other goes through `stored_entry`."""

    def front(environ, start_response):
        if not settings.PAGE_CACHE or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return application(environ, start_response)
        cookies = environ.get("HTTP_COOKIE", "")
        # Perhaps a personal cookie (a name inside another counts too): only stored_entry decides then.
        fields = None if any(name in cookies for name in settings.PER_READER_COOKIES) else front_fields(environ)
        entry = remembered(fields)
        if entry is None:
            key, entry = stored_entry(WSGIRequest(environ))
            if entry is None:
                if key is not None:
                    environ[MISSED] = True
                return application(environ, start_response)
            remember(fields, entry)
        status, headers, body = answer(environ, entry)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]

    return front


# The front's memory ----------------------------------------------------------------------------------
# Whether the shared cache may answer a request, and with which entry, depends only on some of its fields:
# its scheme, Host and the headers that can stand for them, its path and query, whether it carries one of
# the personal cookies (PER_READER_COOKIES), and the encodings it accepts. The front keeps the last hits it
# answered by those fields, in each worker: the same request again is one dict lookup, then the same check a
# lookup makes (`current`: on local memory the generation, on a shared cache the tags' versions), instead of
# a WSGIRequest, the key's hash and the cache's get and unpickling of the page (about 40 of a hit's 48 µs in
# process). A request with a cookie whose header names a personal one is never answered from memory, and any
# request that differs in a field goes the whole way, so every decision is still made by `stored_entry`.
# Other cookies (analytics) are not in the fields; the raw query string is, so each `fbclid` is a request
# of its own, answered the whole way once. The memory holds pages still current, the newest FRONT_MEMORY
# requests, and forgets them all when a setting changes (tests change ALLOWED_HOSTS, the cache and its switch).

FRONT_MEMORY = 64
FRONT_FIELDS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_ACCEPT_ENCODING",
)

memory = {}


def front_fields(environ):
    """The request's FRONT_FIELDS and the header that says a proxy's request was https (SECURE_PROXY_SSL_HEADER)."""
    fields = tuple(map(environ.get, FRONT_FIELDS))
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    return fields if proxy_header is None else (*fields, environ.get(proxy_header[0]))


def remembered(fields):
    entry = memory.get(fields) if fields is not None else None
    if entry is None or current(entry):
        return entry
    memory.pop(fields, None)
    return None


def remember(fields, entry):
    if fields is None:
        return
    memory.pop(fields, None)
    if len(memory) >= FRONT_MEMORY:
        memory.pop(next(iter(memory)), None)  # the oldest
    memory[fields] = entry


@receiver(setting_changed)
def forget(**kwargs):
    memory.clear()


def page_cache(get_response):
    """Serve anonymous GET and HEAD requests from the page cache, and store the pages views let it share."""

    def middleware(request):
        if not settings.PAGE_CACHE:
            return get_response(request)
        key, hit = stored_entry(request)
        if key is None:
            response = get_response(request)
            if getattr(response, "page_cache_tags", None) is not None and "Cache-Control" not in response:
                response["Cache-Control"] = "private"  # this reader's own view of a page others share
            return response
        if hit is not None:
            status, headers, body = answer(request.META, hit)
            response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            return response
        started, started_in = time.time(), generation()
        response = get_response(request)
        # A HEAD is answered from a GET's entry but stores none: its body may be left out on the way.
        entry = store(key, response, started, started_in) if request.method == "GET" else None
        if entry is not None and not_modified(request.META, entry):
            return HttpResponseNotModified(headers=dict(not_modified_headers(entry)))
        return response

    return middleware


def lookup(key):
    """The entry stored under `key` while it is `current`, else None."""
    try:
        entry = cache().get(key)
    except Exception:
        now_and_then(log.warning, "Page cache: the cache did not answer; the page is rendered", exc_info=True)
        return None
    return entry if entry is not None and current(entry) else None


def current(entry):
    """Whether nothing `entry` shows has changed and it has not expired: on a shared cache every tag it depends
    on still has the version it was stored with; on local memory the generation it was stored in is still the
    current one (every bump moves it)."""
    try:
        now_in = generation()  # local memory's, moved by every bump in every worker; None on a shared cache
        if now_in is not None:
            if entry["generation"] != now_in:
                return False
        else:
            versions = entry["versions"]
            now = cache().get_many([VERSION_PREFIX + tag for tag in versions])
            if any(now.get(VERSION_PREFIX + tag) != version for tag, version in versions.items()):
                return False
    except Exception:
        now_and_then(log.warning, "Page cache: the cache did not answer; the page is rendered", exc_info=True)
        return False
    # By the site's clock, as the published() rule reads it: a scheduled story is live the moment it is due,
    # even on a cache whose expiry rounds to the second.
    return entry["expires"] > timezone.now().timestamp()


def storable(response):
    if getattr(response, "page_cache_tags", None) is None or response.status_code != 200:
        return False
    if getattr(response, "streaming", False) or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in PRIVATE)


def store(key, response, started, started_in):
    """Store `response` under `key` if it may be shared, with its tags' versions; returns the entry or None.

    Not stored when one of its tags changed since the page began to render (it may show the old version),
    nor when a scheduled story goes live before it would expire.
    """
    if not storable(response):
        return None
    timeout = settings.PAGE_CACHE_TIMEOUT
    expires_at = soonest_change()
    if expires_at is not None:
        timeout = min(timeout, int(expires_at - time.time()))
    if timeout < 1 or generation() != started_in:
        return None
    tags = sorted(response.page_cache_tags)
    version_keys = [VERSION_PREFIX + tag for tag in tags]
    try:
        versions = cache().get_many(version_keys)
        missing = {name: f"0:{secrets.token_hex(4)}" for name in version_keys if name not in versions}
        if missing:
            for name, version in missing.items():
                cache().add(name, version, timeout=None)
            versions = cache().get_many(version_keys)
    except Exception:
        now_and_then(log.warning, "Page cache: the cache did not answer; the page is not stored", exc_info=True)
        return None
    if len(versions) != len(tags) or any(made_at(version) >= started - 1 for version in versions.values()):
        return None  # changed while rendering (a second's margin for servers' clocks): the next reader stores it
    now = time.time()
    content = response.content
    entry = {
        "status": response.status_code,
        "content": content,
        "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
        "last_modified": http_date(now),
        "stored_at": now,
        "generation": started_in,
        "expires": now + timeout,
        "versions": {tag: versions[VERSION_PREFIX + tag] for tag in tags},
    }
    set_http_caching(response, entry, tags)
    # Without Cache-Control, which each answer works out from the time left (cache_control).
    entry["headers"] = [(name, value) for name, value in response.items() if name != "Cache-Control"]
    try:
        cache().set(key, entry, timeout=timeout)
    except Exception:
        now_and_then(log.warning, "Page cache: the cache did not answer; the page is not stored", exc_info=True)
    return entry


def soonest_change():
    """The earliest time, as a timestamp, that an app says a page may change by itself (a scheduled story)."""
    times = [
        when.timestamp()
        for config in apps.get_app_configs()
        if hasattr(config, "page_cache_expires_at") and (when := config.page_cache_expires_at()) is not None
    ]
    return min(times, default=None)


def cache_control(entry):
    """Browsers keep the page PAGE_CACHE_MAX_AGE, shared caches PAGE_CACHE_S_MAXAGE, neither past the entry."""
    left = max(0, int(entry["expires"] - time.time()))
    browsers, shared = min(settings.PAGE_CACHE_MAX_AGE, left), min(settings.PAGE_CACHE_S_MAXAGE, left)
    swr = settings.PAGE_CACHE_STALE_WHILE_REVALIDATE
    return f"public, max-age={browsers}, s-maxage={shared}, stale-while-revalidate={swr}"


def set_http_caching(response, entry, tags):
    response["Cache-Control"] = cache_control(entry)
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    # Only the encoding: cookies never reach a shared page (those that make a page personal bypass it,
    # and a page that sets one is not stored).
    response["Vary"] = "Accept-Encoding"
    # For a CDN that purges by tag (Cloudflare's Cache-Tag, Fastly's Surrogate-Key): what PAGE_CACHE_PURGE_URL
    # is sent when one changes.
    response["Cache-Tag"] = ",".join(tags)


def not_modified(meta, entry):
    """Whether the request whose META (or WSGI environ) is `meta` has `entry`'s page already."""
    given = meta.get("HTTP_IF_NONE_MATCH")
    if not given:
        return False
    return given.strip() == "*" or entry["etag"] in [tag.strip().removeprefix("W/") for tag in given.split(",")]


# A 304's own, besides the Cache-Control worked out for it.
NOT_MODIFIED_HEADERS = {"etag", "last-modified", "vary", "cache-tag", "content-location", "date"}


def not_modified_headers(entry):
    """What a 304 for `entry` says: its validators and caching headers, no body's."""
    kept = [(name, value) for name, value in entry["headers"] if name.lower() in NOT_MODIFIED_HEADERS]
    return [*kept, ("Cache-Control", cache_control(entry))]


def answer(meta, entry):
    """The hit for the request whose META (or WSGI environ) is `meta`, as (status, headers, body): the stored
    page, or a 304 when its ETag matches."""
    if not_modified(meta, entry):
        return 304, not_modified_headers(entry), b""
    headers = [
        *entry["headers"],
        ("Cache-Control", cache_control(entry)),
        ("Age", str(max(0, int(time.time() - entry["stored_at"])))),
    ]
    return entry["status"], headers, entry["content"]
