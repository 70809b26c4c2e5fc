import base64
import hashlib
from functools import wraps
from html.parser import HTMLParser
from pathlib import Path

import django.views
from django.conf import settings
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

from newsroom.csp import CSP, FRAMES


def policy_header(directives=None, replace=None, extend=None):
    """The header value of `directives` (settings.SECURE_CSP by default), in the shape Django 6 reads it.

    For one response: `replace` maps directives to the sources used instead, `extend` to sources added
    (see allow_frames and frameable_by_the_site). A source added to a directive of 'none' replaces it.
    """
    directives = settings.SECURE_CSP if directives is None else directives
    merged = {directive: sources_of(value) for directive, value in directives.items()}
    for directive, sources in (extend or {}).items():
        kept = [source for source in merged.get(directive) or [] if source != CSP.NONE]
        merged[directive] = list(dict.fromkeys([*kept, *sources])) or [CSP.NONE]
    merged.update({directive: sources_of(value) for directive, value in (replace or {}).items()})
    return "; ".join(" ".join([directive, *sources]) for directive, sources in merged.items() if sources is not None)


def sources_of(value):
    """A directive's sources as Django 6 reads them: a list, tuple or set, one string, True for a directive that
    takes none (upgrade-insecure-requests), None or False for one left out."""
    if value is None or value is False:
        return None
    if value is True:
        return []
    if isinstance(value, str):
        return [value]
    return sorted(value) if isinstance(value, set) else list(value)


def policy_headers(response):
    """{header: value} of the site's policies (SECURE_CSP enforced, SECURE_CSP_REPORT_ONLY reported; each sent
    only when set) for `response`, with what its view allowed it."""
    extend, replace = {}, {}
    if sources := getattr(response, "frame_sources", None):
        extend["frame-src"] = sources
    if ancestors := getattr(response, "frame_ancestors", None):
        replace["frame-ancestors"] = ancestors
    if response is not None and settings.DEBUG and is_technical_response(response):
        extend.update(inline_code_sources(response.content.decode()))
    policies = [(CSP.HEADER_ENFORCE, settings.SECURE_CSP), (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY)]
    return {str(name): policy_header(directives, replace, extend) for name, directives in policies if directives}


def allow_frames(response, sources):
    """Let `response`'s page show frames from `sources` (origins, or CSP.SELF), and no page but it: its
    Content-Security-Policy's frame-src lists them. Returns the response.

    Called by the view that shows them (a story with a platform's embedded posts, the admin form with its
    body preview); the policy middleware writes the header, so a page the page cache stores keeps it.
    """
    response.frame_sources = list(dict.fromkeys([*getattr(response, "frame_sources", ()), *sources]))
    return response


def frameable_by_the_site(view):
    """Let the site's own pages, and no other site's, show `view`'s page in a frame.

    Every other page refuses any frame (frame-ancestors 'none', X-Frame-Options DENY); the admin's body
    preview is a reader-styled page inside the article form.
    """

    @wraps(view)
    def frameable_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.frame_ancestors = [CSP.SELF]
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    return frameable_view


def permissions_policy(features, frames=()):
    """The Permissions-Policy header of `features` (settings.SECURE_PERMISSIONS_POLICY): feature=(allowlist),
    an empty list for a feature no one may use; FRAMES in a list stands for the origins of the frames the page
    allows (allow_frames), so a platform's player may go full screen where it can load, and nowhere else."""
    origins = [f'"{origin}"' for origin in frames if origin != CSP.SELF]
    return ", ".join(
        f"{feature}=({' '.join(item for source in allowlist for item in (origins if source == FRAMES else [source]))})"
        for feature, allowlist in features.items()
    )


def page_headers(response):
    """{header: value} of every security header this module sends for `response`: the policies, the Reporting
    API's endpoints the policies' report-to names, the Permissions-Policy."""
    headers = policy_headers(response)
    if endpoints := settings.SECURE_REPORTING_ENDPOINTS:
        headers["Reporting-Endpoints"] = ", ".join(f'{name}="{url}"' for name, url in endpoints.items())
    if features := settings.SECURE_PERMISSIONS_POLICY:
        headers["Permissions-Policy"] = permissions_policy(features, getattr(response, "frame_sources", ()))
    return headers


def with_every_header(request, response):
    """`response` with every security header, for an error page that Django's exception handling may make above
    the middleware that sets them: a 400 for a forged Host (CommonMiddleware raises DisallowedHost), a 403 or a
    400 raised by any middleware, a 500. newsroom/views.py's error handlers call it; headers set stay.

    SecurityMiddleware's and XFrameOptionsMiddleware's own responses to it, for the headers that are theirs
    (a request SecurityMiddleware raised on, its https redirect asking for the Host, never got them).
    """
    for name, value in page_headers(response).items():
        response.headers.setdefault(name, value)
    for middleware in (SecurityMiddleware, XFrameOptionsMiddleware):
        middleware(lambda request: response).process_response(request, response)
    return response


def content_security_policy(get_response):
    """Send the site's Content Security Policy (no inline script or style, nothing from other hosts), where
    its violations are reported, and the Permissions-Policy.

    A feature that must reach another host adds it to a directive: the site's own in settings.SECURE_CSP, a
    page's through allow_frames. The headers of a page that adds nothing are built once, at start-up.
    """
    headers = page_headers(None)

    def middleware(request):
        response = get_response(request)
        own = getattr(response, "frame_sources", None) or getattr(response, "frame_ancestors", None)
        for name, value in (page_headers(response) if own or settings.DEBUG else headers).items():
            response.headers.setdefault(name, value)
        return response

    return middleware


# Django's debug pages (django/views/debug.py: technical_404_response and technical_500_response) are built
# from its own templates, whose first lines are the same in both and in no page of ours; read from the installed
# Django, so a new version's pages are still recognised. They style and script themselves inline.
TECHNICAL_TEMPLATES = Path(django.views.__file__).parent / "templates"
TECHNICAL_OPENING = "".join(
    (TECHNICAL_TEMPLATES / "technical_404.html").read_text(encoding="utf-8").splitlines(keepends=True)[:4]
)
TECHNICAL_ROBOTS = '<meta name="robots" content="NONE,NOARCHIVE">'


def is_technical_response(response):
    """Whether `response` is one of Django's debug pages (a 404 or a 500 with DEBUG on), by its status and by
    the opening its templates give it (technical_404.html and technical_500.html)."""
    if response.status_code != 404 and response.status_code < 500:
        return False
    if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
        return False
    head = response.content[:1000].decode(errors="replace")
    return head.startswith(TECHNICAL_OPENING) and TECHNICAL_ROBOTS in head


class InlineCode(HTMLParser):
    """The inline <script> and <style> blocks of a page, and its event handler and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.styles, self.handlers, self.style_attributes = [], [], [], []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self._open = (self.scripts, [])
        elif tag == "style":
            self._open = (self.styles, [])
        self.handlers.extend(value or "" for name, value in attrs if name.startswith("on"))
        self.style_attributes.extend(value or "" for name, value in attrs if name == "style")

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag in ("script", "style"):
            blocks, parts = self._open
            blocks.append("".join(parts))
            self._open = None


def sha256_source(code):
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def inline_code_sources(html):
    """CSP sources for exactly the inline code in `html`: a hash per block and attribute, 'unsafe-hashes' (which
    lets a hash match an attribute) only when the page has such attributes. Never 'unsafe-inline'."""
    found = InlineCode()
    found.feed(html)
    found.close()
    sources = {}
    for directive, blocks, attributes in [
        ("script-src", found.scripts, found.handlers),
        ("style-src", found.styles, found.style_attributes),
    ]:
        hashes = list(dict.fromkeys(sha256_source(code) for code in [*blocks, *attributes]))
        if hashes:
            sources[directive] = ([CSP.UNSAFE_HASHES] if attributes else []) + hashes
    return sources
