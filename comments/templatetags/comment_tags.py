from django import template

from comments import thread, thread_html
from comments.models import Comment

register = template.Library()

DEFAULT_PROMPT = "What did you think? Share your comment below."


@register.simple_tag(takes_context=True)
def comment_section(context, article):
    """The comments under an article: prompt, a link to the form, first page of threads. One query, two
    with comments. Nothing in it is the reader's own (no CSRF token, no timestamp): the form comes from
    its own uncached address (comments.views.comment_form). The markup is thread_html's (Python)."""
    request = context["request"]
    data = thread.thread_page(request, article, sort=thread.chosen_sort(request))
    prompt = article.comment_prompt or DEFAULT_PROMPT
    return thread_html.section(data, article=article, prompt=prompt, here=request.get_full_path())


@register.simple_tag(takes_context=False)
def pending_comment_count():
    """For the admin index: how many comments wait for a moderator (one query)."""
    return Comment.objects.awaiting_moderation().count()


@register.filter(is_safe=True, needs_autoescape=False)
def comment_text(text):
    """A reader's text as HTML, escaped (thread_html.comment_html): for the pages that quote one comment."""
    return thread_html.comment_html(text)


@register.simple_tag(takes_context=True)
def comment_sort_links(context):
    """The sort links of a page of comments (thread_html.sort_links)."""
    return thread_html.sort_links(context["page"], context["sort"], context["sorts"], context["article"].pk, "")


@register.simple_tag(takes_context=True)
def comment_threads(context):
    """The page's threads and "Show more comments" (thread_html.thread_list: Python, not templates)."""
    return thread_html.thread_list(
        context["threads"],
        page=context["page"],
        article_pk=context["article"].pk,
        article_url=context["article_url"],
        policy=context["policy"],
        sort=context["sort"],
        here=context["request"].get_full_path(),
    )


@register.simple_tag(takes_context=False)
def reported_comment_count():
    """For the admin index: how many comments have reports no moderator has settled (one query)."""
    return Comment.objects.reported().count()
