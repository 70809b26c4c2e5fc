from django.apps import apps
from django.conf import settings


def policy_header():
    """settings.CONTENT_SECURITY_POLICY with every app's additions (AppConfig.content_security_policy)."""
    directives = {directive: list(sources) for directive, sources in settings.CONTENT_SECURITY_POLICY.items()}
    for config in apps.get_app_configs():
        for directive, sources in getattr(config, "content_security_policy", {}).items():
            directives.setdefault(directive, []).extend(sources)
    # A directive without sources is left out, so it falls back to default-src rather than allowing nothing.
    return "; ".join(" ".join([directive, *sources]) for directive, sources in directives.items() if sources)


def content_security_policy(get_response):
    """Send the site's Content Security Policy: no inline script or style, nothing from other hosts.

    The policy is built once, at start-up. A feature that must reach another host adds it to a directive:
    the site's own in settings.CONTENT_SECURITY_POLICY, an app's in its AppConfig (social adds the
    platforms' embed frames, each loaded only when a reader asks for it).
    """
    header = policy_header()
    header_name = (
        "Content-Security-Policy-Report-Only"
        if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
        else "Content-Security-Policy"
    )

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault(header_name, header)
        return response

    return middleware
