"""
Absolute addresses of the site's pages, for what leaves the site: feeds, sitemaps, canonical links,
Open Graph and structured data. They start with settings.SITE_URL, never with the request's Host header,
which a client chooses (docs/decisions.md, "Absolute addresses").
"""

from django.conf import settings


def absolute_url(location):
    """`location` (a path like "/bollywood/…", or an object with get_absolute_url()) on SITE_URL."""
    path = location if isinstance(location, str) else location.get_absolute_url()
    if "://" in path:
        return path  # already absolute: a storage's own address (a CDN, object storage)
    return f"{settings.SITE_URL.rstrip('/')}{path}"
