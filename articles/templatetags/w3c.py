from django import template

from articles.feeds import xml_safe
from articles.sitemaps import w3c_datetime

register = template.Library()


@register.filter
def w3c(value):
    """{{ article.published_at|w3c }}: 2026-12-01T18:30:00+05:30, to the second (articles/sitemaps.py)."""
    return w3c_datetime(value) if value else ""


@register.filter
def xml_text(value):
    """{{ article.headline|xml_text }}: without the control characters XML 1.0 cannot carry (articles/feeds.py),
    which a headline pasted from a word processor can hold and which would make the whole document unreadable."""
    return xml_safe(str(value))
