"""
/healthz: whether this application server can serve, for a load balancer that asks every second.

It answers before any other middleware, so a check costs one trivial query and one cache round trip and
nothing else: no session, no CSRF, no authentication, no redirect to HTTPS, no Content-Security-Policy.
It also answers whatever the Host header says, because load balancers send the machine's own address
(http://10.0.0.5:8000/healthz), which ALLOWED_HOSTS rightly does not list. That is safe here: the answer
is the same few bytes for every host and builds no address from it, and ALLOWED_HOSTS exists to stop a
forged Host from reaching links, redirects and emails.
"""

import json
import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotAllowed

log = logging.getLogger(__name__)

PATH = "/healthz"
CACHE_KEY = "healthz"  # every process writes the same value, so concurrent checks cannot disagree


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    cache.set(CACHE_KEY, "ok", timeout=10)
    return cache.get(CACHE_KEY) == "ok"


CHECKS = {"database": database_answers, "cache": cache_answers}


def health():
    """{"database": "ok" or "failed", "cache": …}; what failed is logged with its cause, never shown."""
    results = {}
    for name, answers in CHECKS.items():
        try:
            results[name] = "ok" if answers() else "failed"
        except Exception:
            log.warning("Health check: the %s did not answer", name, exc_info=True)
            results[name] = "failed"
    return results


def health_check(get_response):
    """Answer /healthz here; pass every other request on."""

    def middleware(request):
        if request.path_info != PATH:
            return get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        results = health()
        status = 200 if all(result == "ok" for result in results.values()) else 503
        response = HttpResponse(json.dumps(results), content_type="application/json", status=status)
        # A cached "ok" would hide a failure: no browser, proxy or CDN may keep this answer.
        response["Cache-Control"] = "no-store"
        # CommonMiddleware, which would set it, never sees this response; without it gunicorn sends chunks.
        response["Content-Length"] = str(len(response.content))
        return response

    return middleware
