from django.conf import settings


def content_security_policy(get_response):
    """Send the site's Content Security Policy: no inline script or style, nothing from other hosts.

    The policy is built once from settings.CONTENT_SECURITY_POLICY; a feature that must reach another
    host (a platform's own embed, loaded when a reader asks for it) adds that host to a directive there.
    """
    header = "; ".join(
        " ".join([directive, *sources]) for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
    )
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
