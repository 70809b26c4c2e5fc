from django import template

from comments.models import Comment

register = template.Library()


@register.simple_tag(takes_context=False)
def pending_comment_count():
    """For the admin index: how many comments wait for a moderator (one query)."""
    return Comment.objects.awaiting_moderation().count()


@register.simple_tag(takes_context=False)
def reported_comment_count():
    """For the admin index: how many comments have reports no moderator has settled (one query)."""
    return Comment.objects.reported().count()
