from django import template

from articles.links import absolute_url

register = template.Library()


@register.filter
def absolute(location):
    """{{ article|absolute }} or {{ picture_url|absolute }}: the address on SITE_URL (articles/links.py)."""
    return absolute_url(location)
