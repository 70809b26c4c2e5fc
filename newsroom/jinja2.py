"""The Jinja2 environment of the reader templates (jinja2/ at the root; settings.TEMPLATES names `environment`).

Readers' pages render on Jinja2, which compiles a template to Python once; admin, the desk, emails, feeds'
and sitemaps' XML and form widgets stay on Django's templates (templates/), docs/decisions.md says why.
What the pages used from Django's template library is here under the same names, and each tag the pages
called is a function calling what the tag called (list items, pictures, comment threads: Python, not
templates), so both engines write the same HTML.
"""

from datetime import datetime

from crispy_forms.utils import render_crispy_form
from django.template import defaultfilters
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import mark_safe
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup

from articles import list_items
from articles.html import escaped
from articles.images import picture_tag
from articles.links import absolute_url, path_pattern
from articles.structured_data import json_ld_script
from comments import thread_html
from newsroom.static_urls import static_url
from newsroom.times import machine_time


def escape_as_django(value):
    """Each {{ value }}, escaped as Django escapes it (articles.html.escaped: `&#x27;` and `&quot;`, where
    markupsafe writes `&#39;` and `&#34;`); what is already safe (Markup, SafeString) passes."""
    return Markup(escaped(value))  # noqa: S704 (escaped right here: Markup says so to markupsafe's escape)


def url(name, *args, **kwargs):
    """`{{ url("articles:detail", section=..., slug=..., pk=...) }}`: Django's {% url %}; a page with no
    arguments (`url("articles:search")`, on every page) remembered as articles.links remembers them."""
    if not args and not kwargs:
        return path_pattern(name, (), ()).format()
    return reverse(name, args=args or None, kwargs=kwargs or None)


def now(format_string):
    """`{{ now("Y") }}`: Django's {% now %}, in the site's time zone."""
    return formats.date_format(datetime.now(tz=timezone.get_current_timezone()), format_string)


def spaceless(html):
    """`{% filter spaceless %}`: Django's {% spaceless %}, whitespace between tags taken out."""
    return mark_safe(strip_spaces_between_tags(str(html).strip()))  # html: the block's own, already escaped


def date(value, format_string=None):
    """`{{ article.published_at|date("j F Y, H:i T") }}`: Django's |date, in the site's time zone as Django's
    templates give it (they turn an aware time to local time before a filter that expects it)."""
    return defaultfilters.date(timezone.template_localtime(value), format_string)


GLOBALS = {
    "static": static_url,
    "url": url,
    "now": now,
    "crispy": render_crispy_form,  # {% crispy form %}: through its own templates (Django's engine)
    "picture": picture_tag,
    "article_item": list_items.article_item,
    "article_rail": list_items.article_rail,
    "rail": list_items.rail,
    "comment_section": thread_html.article_section,
    "comment_sort_links": thread_html.sort_links,
    "comment_threads": thread_html.thread_list,
}

FILTERS = {
    "absolute": absolute_url,
    "machine_time": machine_time,
    "ld_json": json_ld_script,
    "comment_text": thread_html.comment_html,
    "spaceless": spaceless,
    # Django's filters where Jinja's differ or have none: date formats, "1 story"/"2 stories", quoting.
    "date": date,
    "pluralize": defaultfilters.pluralize,
    "urlencode": defaultfilters.urlencode,
    "truncatechars": defaultfilters.truncatechars,
    "linebreaksbr": defaultfilters.linebreaksbr,
}


def environment(**options):
    """Django's Jinja2 backend calls this with TEMPLATES' OPTIONS (autoescape on).

    `finalize` escapes each {{ value }} as Django does (escape_as_django), so a page's bytes do not depend on
    the engine.
    `keep_trailing_newline`: Django's templates keep a file's last newline, and the pages end with one.
    `ChainableUndefined`: what a page lacks reads as empty, however deep (`form.cleaned_data.q` before the form
    is cleaned), as in Django's templates, in DEBUG too (the backend would choose DebugUndefined there).
    """
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)  # on, whatever OPTIONS say: readers' text is escaped
    env = Environment(autoescape=True, finalize=escape_as_django, keep_trailing_newline=True, **options)
    env.globals.update(GLOBALS)
    env.filters.update(FILTERS)
    return env
