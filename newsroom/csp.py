"""
The security policies' special values. The Content Security Policy's special sources are named as Django 6's
`django.utils.csp.CSP` names them.

settings.SECURE_CSP and SECURE_CSP_REPORT_ONLY are written with these, in the shape Django 6 reads: moving to
Django 6.2 LTS is `from django.utils.csp import CSP` here, and the settings keep their names. The policy could
then come from Django's ContentSecurityPolicyMiddleware, but what newsroom/middleware.py adds to it stays
ours: a page's own frames (allow_frames), Permissions-Policy and Reporting-Endpoints, and the hashes of
Django's debug pages (docs/decisions.md, "Security headers on every response").
"""

from enum import StrEnum


class CSP(StrEnum):
    HEADER_ENFORCE = "Content-Security-Policy"
    HEADER_REPORT_ONLY = "Content-Security-Policy-Report-Only"

    NONE = "'none'"
    REPORT_SAMPLE = "'report-sample'"
    SELF = "'self'"
    STRICT_DYNAMIC = "'strict-dynamic'"
    UNSAFE_EVAL = "'unsafe-eval'"
    UNSAFE_HASHES = "'unsafe-hashes'"
    UNSAFE_INLINE = "'unsafe-inline'"
    WASM_UNSAFE_EVAL = "'wasm-unsafe-eval'"


# In settings.SECURE_PERMISSIONS_POLICY, an allowlist's stand-in for the origins of the frames a page allows
# (newsroom/middleware.py, allow_frames). Not a word of the header's syntax, so it means nothing else.
FRAMES = "frames-of-the-page"
