from django import template

from articles.sitemaps import w3c_datetime

register = template.Library()


@register.filter
def w3c(value):
    """{{ article.published_at|w3c }}: 2026-12-01T18:30:00+05:30, to the second (articles/sitemaps.py)."""
    return w3c_datetime(value) if value else ""
