"""
The threads of a comment page (the article's comment section, and /comments/article/<pk>/): the list of
threads, each comment with its like form, Reply and Report links, and "Show more comments".

Python rather than included templates: the article with 500 comments showed 20 threads, and their
templates (an include per comment and per like form, about thirty variable lookups each) cost about half of
that page's CPU; this makes the same HTML in a fraction of that (docs/performance.md, "The comment section,
uncached"), as articles/list_items.py does for the list item. Every value is escaped by `format_html`; the
one that arrives as HTML is a comment's text, escaped by `comment_text` before it adds its links and line
breaks.
"""

import re

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.formats import date_format
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from articles.links import path_pattern
from newsroom.times import machine_time

NOFOLLOW = re.compile(r'<a href="([^"]*)" rel="nofollow">')
AWAITING = '<p class="comment__awaiting">Awaiting moderation: only you can see this comment for now.</p>\n'


def thread_list(threads, *, page, article_pk, article_url, policy, sort, here):
    """The <ol> of `threads` (comments with their `reply_list`), then the link to the next page if any.

    `article_url`: the story's path, for each comment's permalink; `here`: the page's path and query, where
    a like sent without JavaScript comes back to.
    """
    open_ = policy.is_open
    paths = comment_paths()
    parts = ['<ol class="comment-list" data-comment-list>\n']
    for thread in threads:
        parts.append('<li class="comment-thread">\n')
        parts.append(comment(thread, thread.pk, article_url, open_, here, paths))
        if thread.reply_list:
            parts.append('<ol class="comment-replies">\n')
            for reply in thread.reply_list:
                parts += ["<li>\n", comment(reply, thread.pk, article_url, open_, here, paths), "</li>"]
            parts.append("\n</ol>\n")
        parts.append("</li>\n")
    if not threads and page.number == 1:
        parts.append('<li class="comment-list__empty">No comments yet.</li>\n')
    parts.append("</ol>\n")
    if page.has_next():
        sort_part = f"sort={sort}&amp;" if sort != "newest" else ""  # sort is one of thread.SORTS: no escaping
        parts.append(
            format_html(
                '<p class="comments__more-wrap" data-comment-more-wrap><a class="comment-button '
                'comment-button--secondary comments__more" data-comment-more href="{}?{}page={}">Show more '
                "comments</a></p>\n",
                path_pattern("comments:list", (), ("article_id",)).format(article_id=article_pk),
                mark_safe(sort_part),  # noqa: S308 (a key of thread.SORTS, written above)
                page.next_page_number(),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped by format_html, or our own markup)


def comment_paths():
    """The like, reply and report paths as patterns to fill in with a comment's id (reversed once)."""
    return {name: path_pattern(f"comments:{name}", (), ("comment_id",)) for name in ("like", "reply", "flag")}


def comment(comment, thread_id, article_url, open_, here, paths):
    """One <article class="comment">: a reply's `thread_id` is its thread's, for the script's reply form."""
    pk, name = comment.pk, comment.name
    published = comment.status == "published"
    classes = (
        "comment"
        + ("" if published else " comment--awaiting")
        + (" comment--staff" if comment.is_staff_comment else "")
    )
    created_at = template_localtime(comment.created_at)
    parts = [
        format_html(
            '<article class="{0}" id="comment-{1}" aria-labelledby="comment-{1}-name">\n'
            '<header class="comment__header">\n'
            '<span class="comment__name" id="comment-{1}-name" dir="auto">{2}</span>\n',
            classes,
            pk,
            name,
        )
    ]
    if comment.is_staff_comment:
        parts.append('<span class="comment__badge">Staff</span>\n')
    parts.append(
        format_html(
            '<a class="comment__time" href="{}#comment-{}"><time datetime="{}" title="{}">{}</time></a>\n</header>\n',
            article_url,
            pk,
            machine_time(created_at),
            date_format(created_at, "j F Y, H:i T"),
            naturaltime(comment.created_at),
        )
    )
    if not published:
        parts.append(AWAITING)
    parts.append(format_html('<div class="comment__text" dir="auto">{}</div>\n', comment_html(comment.text)))
    if published:
        parts += ['<div class="comment__actions">\n', like_form(comment, here, paths["like"])]
        if open_:
            parts.append(
                format_html(
                    '<a href="{}" data-comment-reply="{}" data-comment-reply-name="{}">Reply<span '
                    'class="visually-hidden"> to {}</span></a>\n',
                    paths["reply"].format(comment_id=pk),
                    thread_id,
                    name,
                    name,
                )
            )
        parts.append(
            format_html(
                '<a href="{}" rel="nofollow">Report<span class="visually-hidden"> this comment by {}</span></a>\n'
                "</div>\n",
                paths["flag"].format(comment_id=pk),
                name,
            )
        )
    parts.append("</article>\n")
    return "".join(parts)


def like_form(comment, here, like_path):
    """A plain form, so that liking works without JavaScript; comment_likes.js sends it with fetch (with a
    CSRF token it asks for), updates the count and shows the reader's own likes as pressed. Nothing here
    depends on the reader, not even a CSRF token: pages are the same for everyone, and without JavaScript the
    like is confirmed on a page with a token (comments.views.csrf_failure)."""
    count = comment.like_count
    return format_html(
        '<form method="post" action="{0}" class="comment-like" data-comment-like="{1}">\n'
        '<input type="hidden" name="like" value="1">\n'
        '<input type="hidden" name="next" value="{2}">\n'
        '<button type="submit" class="comment-like__button"><span class="comment-like__mark" aria-hidden="true">'
        '♥</span> Like<span class="visually-hidden"> the comment by {3}</span></button>\n'
        '<span class="comment-like__count" data-comment-like-count aria-live="polite">{4}</span>\n'
        "</form>\n",
        like_path.format(comment_id=comment.pk),
        comment.pk,
        here,
        comment.name,
        f"{count} like{'' if count == 1 else 's'}" if count else "",
    )


def comment_html(text):
    """A reader's text as HTML: everything escaped, line breaks kept, addresses linked.

    urlize(autoescape=True) escapes the whole text before it adds its own <a> tags, so the only markup in
    the result is ours: the <a> tags (with rel set here) and the <br> tags added below.
    """
    html = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    html = NOFOLLOW.sub(r'<a href="\1" rel="nofollow ugc noopener">', html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 (escaped by urlize above)
