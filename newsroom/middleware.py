import base64
import hashlib
from functools import wraps
from html.parser import HTMLParser
from pathlib import Path

import django.views
from django.apps import apps
from django.conf import settings


def policy_header(replace=None, extend=None):
    """settings.CONTENT_SECURITY_POLICY with every app's additions (AppConfig.content_security_policy).

    For one response: `replace` maps directives to the sources used instead, `extend` to sources added
    (see frameable_by_the_site and with_frames_of_the_site).
    """
    directives = {directive: list(sources) for directive, sources in settings.CONTENT_SECURITY_POLICY.items()}
    for config in apps.get_app_configs():
        for directive, sources in getattr(config, "content_security_policy", {}).items():
            directives.setdefault(directive, []).extend(sources)
    for directive, sources in (extend or {}).items():
        directives.setdefault(directive, []).extend(sources)
    directives.update(replace or {})
    # A directive without sources is left out, so it falls back to default-src rather than allowing nothing.
    return "; ".join(" ".join([directive, *sources]) for directive, sources in directives.items() if sources)


def policy_header_name():
    return (
        "Content-Security-Policy-Report-Only"
        if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
        else "Content-Security-Policy"
    )


def frameable_by_the_site(view):
    """Let the site's own pages, and no other site's, show `view`'s page in a frame.

    Every other page refuses any frame (frame-ancestors 'none', X-Frame-Options DENY); the admin's body
    preview is a reader-styled page inside the article form.
    """

    @wraps(view)
    def frameable_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers[policy_header_name()] = policy_header(replace={"frame-ancestors": ["'self'"]})
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    return frameable_view


def with_frames_of_the_site(response):
    """`response`, allowed to show pages of this site in frames (frame-src 'self'), as the one admin page
    with a frameable_by_the_site page in it needs; every other page allows only the platforms' frames."""
    response.headers[policy_header_name()] = policy_header(extend={"frame-src": ["'self'"]})
    return response


def content_security_policy(get_response):
    """Send the site's Content Security Policy: no inline script or style, nothing from other hosts.

    The policy is built once, at start-up. A feature that must reach another host adds it to a directive:
    the site's own in settings.CONTENT_SECURITY_POLICY, an app's in its AppConfig (social adds the
    platforms' embed frames, each loaded only when a reader asks for it).
    """
    header = policy_header()
    header_name = policy_header_name()

    def middleware(request):
        response = get_response(request)
        if settings.DEBUG and is_technical_response(response):
            response.headers[header_name] = policy_header(extend=inline_code_sources(response.content.decode()))
        response.headers.setdefault(header_name, header)
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
            sources[directive] = (["'unsafe-hashes'"] if attributes else []) + hashes
    return sources
