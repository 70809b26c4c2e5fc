import json
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.static import serve

from newsroom.clients import client_ip
from newsroom.middleware import with_every_header

log = logging.getLogger(__name__)


def media(request, path):
    """Uploaded pictures, for sites with no front server in front of MEDIA_ROOT.

    Renditions are written once under names derived from their original and never change, so browsers
    may keep them for a year.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith("renditions/"):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def favicon(request):
    """/favicon.ico, which browsers ask for by themselves: the site's own mark, at its (hashed) static address.

    Asked for the address at each request, not when the URLs load: in production the manifest of hashed
    names exists only once collectstatic has run.
    """
    return redirect(static("favicon.svg"), permanent=True)


# Error pages -------------------------------------------------------------------------------------------
# Django's own views and our templates (templates/400.html, 403.html, 404.html, 500.html), with every
# security header: an exception raised in a middleware (DisallowedHost in CommonMiddleware) is answered from
# there, and the middleware below it, ours among them, never see the response.


def bad_request(request, exception):
    return with_every_header(request, defaults.bad_request(request, exception))


def permission_denied(request, exception):
    return with_every_header(request, defaults.permission_denied(request, exception))


def page_not_found(request, exception):
    return with_every_header(request, defaults.page_not_found(request, exception))


def server_error(request):
    return with_every_header(request, defaults.server_error(request))


# Content Security Policy reports ---------------------------------------------------------------------

CSP_REPORT_MAX_BYTES = 64 * 1024
CSP_REPORT_TYPES = ("application/csp-report", "application/reports+json", "application/json")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@csrf_exempt
@require_POST
def csp_report(request):
    """Where browsers send what the Content Security Policy refused (report-uri and report-to: settings.py).

    Both formats: the old `{"csp-report": {...}}` (application/csp-report) and the Reporting API's list of
    reports (application/reports+json), of which the csp-violation ones are read. Each violation is logged on
    one line at WARNING, up to CSP_REPORTS_PER_ADDRESS per address and window; a body over 64 KB or that is
    not such JSON is refused with 400. Nothing is stored, and a POST never reaches the page cache.
    """
    if request.content_type not in CSP_REPORT_TYPES:
        return HttpResponseBadRequest("A CSP report is JSON (application/csp-report or application/reports+json).")
    body = request.read(CSP_REPORT_MAX_BYTES + 1)
    if len(body) > CSP_REPORT_MAX_BYTES:
        return HttpResponseBadRequest("A CSP report is at most 64 KB.")
    try:
        violations = csp_violations(json.loads(body))
    except (ValueError, TypeError, KeyError, AttributeError):
        return HttpResponseBadRequest("This is not a CSP report.")
    address = client_ip(request) or "unknown"
    for violation in violations:
        count = counted_report(address)
        if count > settings.CSP_REPORTS_PER_ADDRESS:
            if count == settings.CSP_REPORTS_PER_ADDRESS + 1:
                log.warning(
                    "CSP violations from %s: over %s in %s s, the rest not logged", address, count - 1, window()
                )
            break
        log.warning("CSP violation: directive=%s blocked=%s document=%s", *map(one_line, violation))
    return HttpResponse(status=204)


def csp_violations(report):
    """(directive, blocked URI, document URI) of each violation in `report`, in either format."""
    if isinstance(report, dict):
        old = report["csp-report"]
        directive = old.get("effective-directive") or old.get("violated-directive")
        return [(directive, old.get("blocked-uri"), old.get("document-uri"))]
    if not isinstance(report, list):
        raise TypeError("neither format")
    bodies = [entry["body"] for entry in report if entry.get("type") == "csp-violation"]
    return [(body.get("effectiveDirective"), body.get("blockedURL"), body.get("documentURL")) for body in bodies]


def one_line(value, limit=300):
    """A browser's (or anyone's) string, safe for a log line: control characters and newlines replaced."""
    return CONTROL_CHARACTERS.sub("?", str(value if value is not None else "-"))[:limit]


def window():
    return settings.CSP_REPORT_WINDOW


def counted_report(address):
    """How many violations `address` has sent in the current window, this one included (counted in the cache).

    By the address every limit of the site reads (newsroom.clients.client_ip): a forged X-Forwarded-For buys
    no second budget. The limit keeps the log readable, nothing more (docs/decisions.md, "Security headers on
    every response").
    """
    key = f"csp-reports:{address}:{int(time.time() // window())}"
    try:
        cache.add(key, 0, timeout=window() + 1)
        return cache.incr(key)
    except Exception:  # a cache that does not answer: the report is logged rather than lost
        log.warning("CSP reports: the cache did not answer; the limit is not counted", exc_info=True)
        return 1
