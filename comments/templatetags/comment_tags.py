import re

from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from comments import thread
from comments.models import Comment

register = template.Library()

DEFAULT_PROMPT = "What did you think? Share your comment below."


@register.inclusion_tag("comments/includes/section.html", takes_context=True)
def comment_section(context, article):
    """The comments under an article: prompt, a link to the form, first page of threads. One query, two
    with comments. Nothing in it is the reader's own (no CSRF token, no timestamp): the form comes from
    its own uncached address (comments.views.comment_form)."""
    data = thread.thread_page(context["request"], article, sort=thread.chosen_sort(context["request"]))
    return {
        **data,
        "article": article,
        "prompt": article.comment_prompt or DEFAULT_PROMPT,
        "request": context["request"],
    }


@register.simple_tag(takes_context=False)
def pending_comment_count():
    """For the admin index: how many comments wait for a moderator (one query)."""
    return Comment.objects.awaiting_moderation().count()


NOFOLLOW = re.compile(r'<a href="([^"]*)" rel="nofollow">')


@register.filter(is_safe=True, needs_autoescape=False)
def comment_text(text):
    """A reader's text as HTML: everything escaped, line breaks kept, addresses linked.

    urlize(autoescape=True) escapes the whole text before it adds its own <a> tags, so the only markup in
    the result is ours: the <a> tags (with rel set here) and the <br> tags added below.
    """
    html = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    html = NOFOLLOW.sub(r'<a href="\1" rel="nofollow ugc noopener">', html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 (escaped by urlize above)


@register.simple_tag(takes_context=False)
def reported_comment_count():
    """For the admin index: how many comments have reports no moderator has settled (one query)."""
    return Comment.objects.reported().count()
