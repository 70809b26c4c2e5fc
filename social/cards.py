"""A post's card: the archived post as readers see it, drawn by our own template (nothing from the platform)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

CARD_TEMPLATE = "social/includes/post_card.html"


def render_card(post, *, show_state=False, fields_below=False):
    """The card's HTML. `show_state` adds the archive's state for editors, with what to do when we know
    little of the post: fill in its text on the post's admin page, or `fields_below` on that page itself."""
    edit_url = ""
    if show_state and post.pk and not fields_below:
        edit_url = reverse("admin:social_socialpost_change", args=[post.pk])
    context = {"post": post, "show_state": show_state, "edit_url": edit_url, "fields_below": fields_below}
    # Safe: the card is our template's, which escapes every value it writes (autoescape). Jinja2's backend
    # returns a plain str where Django's templates returned a SafeString, and the admin panels put the card
    # into format_html.
    return mark_safe(render_to_string(CARD_TEMPLATE, context))  # noqa: S308
