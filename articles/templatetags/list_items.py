from django import template

from articles import list_items

register = template.Library()


@register.simple_tag
def article_item(article, heading="h2", show_image=False, lead=False, compact=False, snippet=""):
    """`{% article_item article show_image=True heading="h3" %}`: one story in any list (articles/list_items.py).

    A tag rather than an included template, for the reason the picture is one: lists render dozens of
    items, and the include's variable lookups cost more than the rest of the page's template.
    """
    return list_items.article_item(
        article, heading=heading, show_image=show_image, lead=lead, compact=compact, snippet=snippet
    )


@register.simple_tag
def article_rail(articles, kind="rail", compact=False):
    """`{% article_rail read_next kind="read-next" compact=True %}`: a row of list items (articles/list_items.py)."""
    return list_items.article_rail(articles, kind=kind, compact=compact)
