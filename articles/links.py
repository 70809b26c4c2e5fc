"""
Absolute addresses of the site's pages, for what leaves the site: feeds, sitemaps, canonical links,
Open Graph and structured data. They start with settings.SITE_URL, never with the request's Host header,
which a client chooses (docs/decisions.md, "Absolute addresses").
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def absolute_url(location):
    """`location` (a path like "/bollywood/…", or an object with get_absolute_url()) on SITE_URL."""
    path = location if isinstance(location, str) else location.get_absolute_url()
    if "://" in path:
        return path  # already absolute: a storage's own address (a CDN, object storage)
    return f"{settings.SITE_URL.rstrip('/')}{path}"


# Paths of the pages every list links to, without reverse()'s cost on each (about 25 µs: a home page has 90
# of them). Each URL pattern is reversed once per URL configuration and script prefix with stand-in values,
# kept as a str.format pattern, and filled in: the same path as reverse(), for values reverse() would pass
# through unchanged. Anything else (a slug outside [-a-zA-Z0-9_], which reverse() would quote or refuse)
# goes through reverse() itself.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
STAND_IN_SLUG = "STANDIN{}X"  # fits the slug converter; upper case, so no lower-case slug field holds it
STAND_IN_PK = 918273645546372819  # fits the int converter; no table holds that many rows


def home_path():
    """`reverse("articles:home")`, remembered: an article page's structured data names it more than once."""
    return path_pattern("articles:home", (), ()).format()


def slug_path(name, slug):
    """`reverse(name, kwargs={"slug": slug})` of a page named by its slug alone (a section, a tag, an author),
    remembered: an article page links to each of its tags and authors."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    return path_pattern(name, ("slug",), ()).format(slug=slug)


def article_path(section_slug, slug, pk):
    """`reverse("articles:detail", kwargs={"section": section_slug, "slug": slug, "pk": pk})`, remembered."""
    if not (PLAIN_SLUG.fullmatch(section_slug) and PLAIN_SLUG.fullmatch(slug) and type(pk) is int and pk >= 0):
        return reverse("articles:detail", kwargs={"section": section_slug, "slug": slug, "pk": pk})
    return path_pattern("articles:detail", ("section", "slug"), ("pk",)).format(section=section_slug, slug=slug, pk=pk)


def path_pattern(name, slugs, pks):
    return reversed_pattern(name, slugs, pks, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@lru_cache(maxsize=64)
def reversed_pattern(name, slugs, pks, root_urlconf, urlconf, script_prefix):
    """The path of `name` as a pattern with a {field} per keyword, for this URL configuration and prefix."""
    stand_ins = {field: STAND_IN_SLUG.format(n) for n, field in enumerate(slugs)}
    stand_ins |= {field: STAND_IN_PK + n for n, field in enumerate(pks)}
    path = reverse(name, kwargs=stand_ins).replace("{", "{{").replace("}", "}}")
    for field, stand_in in stand_ins.items():
        path = path.replace(str(stand_in), f"{{{field}}}")
    return path
