from django import template

from articles.structured_data import json_ld_script

register = template.Library()


@register.filter
def ld_json(data):
    """{{ page_meta.structured_data.0|ld_json }}: a `<script type="application/ld+json">` block, escaped as
    json_script escapes (articles/structured_data.py). json_script itself writes type="application/json"."""
    return json_ld_script(data)
