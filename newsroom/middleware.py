from functools import wraps

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
        response.headers.setdefault(header_name, header)
        return response

    return middleware
