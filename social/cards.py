"""A post's card: the archived post as readers see it, drawn by our own template (nothing from the platform)."""

from django.template.loader import render_to_string

CARD_TEMPLATE = "social/includes/post_card.html"


def render_card(post, *, show_state=False):
    """The card's HTML; `show_state` adds the archive's state for editors (admin panels, live preview)."""
    return render_to_string(CARD_TEMPLATE, {"post": post, "show_state": show_state})
