"""
The threads of a comment page (the article's comment section, and /comments/article/<pk>/): the list of
threads, each comment with its like form, Reply and Report links, and "Show more comments".

Python rather than included templates: the article with 500 comments showed 20 threads, and their
templates (an include per comment and per like form, about thirty variable lookups each) cost about half of
that page's CPU; this makes the same HTML in a fraction of that (docs/performance.md, "The comment section,
uncached"), as articles/list_items.py does for the list item. Every value is escaped by `format_html`
(articles/html.py's, as the list item's); the one that arrives as HTML is a comment's text, escaped by
`comment_html` before it adds its links and line breaks.
"""

import re

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape, urlize
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from articles.html import format_html, format_html_join
from articles.links import path_pattern
from comments.thread import DEFAULT_SORT, chosen_sort, thread_page
from newsroom.static_urls import static_url
from newsroom.times import machine_time

NOFOLLOW = re.compile(r'<a href="([^"]*)" rel="nofollow">')


# One comment, then its actions (published comments only), each filled by one format_html call, so that each
# value is escaped once however often it appears. {0}: the comment's id, {2}: the name.
COMMENT = (
    '<article class="{1}" id="comment-{0}" aria-labelledby="comment-{0}-name">\n'
    '<header class="comment__header">\n'
    '<span class="comment__name" id="comment-{0}-name" dir="auto">{2}</span>\n'
    "{3}"
    '<a class="comment__time" href="{4}#comment-{0}"><time datetime="{5}" title="{6}">{7}</time></a>\n'
    "</header>\n"
    "{8}"
    '<div class="comment__text" dir="auto">{9}</div>\n'
    "{10}"
    "</article>\n"
)
STAFF_BADGE = mark_safe('<span class="comment__badge">Staff</span>\n')
AWAITING = mark_safe('<p class="comment__awaiting">Awaiting moderation: only you can see this comment for now.</p>\n')
# The like form is a plain form, so that liking works without JavaScript; comment_likes.js sends it with fetch
# (with a CSRF token it asks for), updates the count and shows the reader's own likes as pressed. Nothing
# here depends on the reader, not even a CSRF token: pages are the same for everyone, and without JavaScript
# the like is confirmed on a page with a token (comments.views.csrf_failure).
ACTIONS = (
    '<div class="comment__actions">\n'
    '<form method="post" action="{1}" class="comment-like" data-comment-like="{0}">\n'
    '<input type="hidden" name="like" value="1">\n'
    '<input type="hidden" name="next" value="{2}">\n'
    '<button type="submit" class="comment-like__button"><span class="comment-like__mark" aria-hidden="true">'
    '♥</span> Like<span class="visually-hidden"> the comment by {3}</span></button>\n'
    '<span class="comment-like__count" data-comment-like-count aria-live="polite">{4}</span>\n'
    "</form>\n"
    "{5}"
    '<a href="{6}" rel="nofollow">Report<span class="visually-hidden"> this comment by {3}</span></a>\n'
    "</div>\n"
)
REPLY = (
    '<a href="{0}" data-comment-reply="{1}" data-comment-reply-name="{2}">Reply<span class="visually-hidden">'
    " to {2}</span></a>\n"
)


DEFAULT_PROMPT = "What did you think? Share your comment below."


def article_section(request, article):
    """The comments under an article: prompt, a link to the form, first page of threads. One query, two
    with comments. Nothing in it is the reader's own (no CSRF token, no timestamp): the form comes from
    its own uncached address (comments.views.comment_form)."""
    data = thread_page(request, article, sort=chosen_sort(request))
    prompt = article.comment_prompt or DEFAULT_PROMPT
    return section(data, article=article, prompt=prompt, here=request.get_full_path())


def section(data, *, article, prompt, here):
    """The article's comment section: heading and count, the prompt and the link to the form (or why comments
    are closed), the sort links, the threads, and the two scripts. `data` is thread.thread_page's."""
    policy = data["policy"]
    if policy.is_open:
        # A link, not the form: the form's CSRF token and timestamp are the reader's own, and this page is
        # everyone's. Without JavaScript it opens the form's page; comments.js opens a dialog and asks the same
        # address for the form.
        invitation = format_html(
            '<p class="comments__prompt">{}</p>\n<p class="comments__open-wrap"><a class="comment-button '
            'comments__open" href="{}" data-comment-open>Share your comment</a></p>\n',
            prompt,
            path_pattern("comments:form", (), ("article_id",)).format(article_id=article.pk),
        )
    else:
        invitation = format_html('<p class="comments__closed">{}</p>\n', policy.reason)
    return format_html(
        '<section class="comments" id="comments" aria-labelledby="comments-heading">\n'
        '<h2 id="comments-heading" class="comments__heading">Comments <span class="comments__count">({})</span></h2>\n'
        "{}{}{}</section>\n"
        '<script src="{}" defer></script>\n'
        '<script src="{}" data-my-likes="{}" data-csrf="{}" defer></script>\n',
        data["comment_count"],
        invitation,
        sort_links(data["page"], data["sort"], data["sorts"], article.pk, "#comments"),
        thread_list(
            data["threads"],
            page=data["page"],
            article_pk=article.pk,
            article_url=data["article_url"],
            policy=policy,
            sort=data["sort"],
            here=here,
        ),
        static_url("js/comments.js"),
        static_url("js/comment_likes.js"),
        path_pattern("comments:my-likes", (), ()).format(),
        path_pattern("comments:csrf", (), ()).format(),
    )


def sort_links(page, sort, sorts, article_pk, anchor):
    """Plain links (crawlable, no script needed); comment_likes.js remembers the choice on the reader's
    device and applies it on their next visit. `sorts`: thread.SORT_LABELS. Nothing for fewer than two threads."""
    if page.paginator.count <= 1:
        return ""
    choices = format_html_join(
        "\n",
        '<li><a href="?sort={0}{1}" data-comment-sort-choice="{0}"{2}>{3}</a></li>',
        ((value, anchor, mark_safe(' aria-current="true"') if value == sort else "", label) for value, label in sorts),
    )
    return format_html(
        '<nav class="comments__sort" aria-label="Sort comments" data-comment-sort="{}" data-comment-sort-list="{}">\n'
        '<span class="comments__sort-label" aria-hidden="true">Sort:</span>\n'
        "<ul>\n{}\n</ul>\n</nav>\n",
        sort,
        path_pattern("comments:list", (), ("article_id",)).format(article_id=article_pk),
        choices,
    )


def thread_list(threads, *, page, article_pk, article_url, policy, sort, here):
    """The <ol> of `threads` (comments with their `reply_list`), then the link to the next page if any.

    `article_url`: the story's path, for each comment's permalink; `here`: the page's path and query, where
    a like sent without JavaScript comes back to.
    """
    page_values = PageValues(conditional_escape(article_url), policy.is_open, conditional_escape(here))
    parts = ['<ol class="comment-list" data-comment-list>\n']
    for thread in threads:
        parts += ['<li class="comment-thread">\n', comment(thread, thread.pk, page_values)]
        if thread.reply_list:
            parts.append('<ol class="comment-replies">\n')
            for reply in thread.reply_list:
                parts += ["<li>\n", comment(reply, thread.pk, page_values), "</li>"]
            parts.append("\n</ol>\n")
        parts.append("</li>\n")
    if not threads and page.number == 1:
        parts.append('<li class="comment-list__empty">No comments yet.</li>\n')
    parts.append("</ol>\n")
    if page.has_next():
        sort_part = f"sort={sort}&amp;" if sort != DEFAULT_SORT else ""  # sort is one of thread.SORTS: no escaping
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


class PageValues:
    """What every comment of a page shares, escaped once: the story's path, whether replies are open, the
    page's own address, and the like, reply and report paths as patterns (reversed once) for a comment's id."""

    def __init__(self, article_url, is_open, here):
        self.article_url, self.is_open, self.here = article_url, is_open, here
        self.like, self.reply, self.flag = (
            path_pattern(f"comments:{name}", (), ("comment_id",)) for name in ("like", "reply", "flag")
        )


def comment(comment, thread_id, page):
    """One <article class="comment">: a reply's `thread_id` is its thread's, for the script's reply form."""
    pk = comment.pk
    name = conditional_escape(comment.name)  # escaped once here; format_html leaves it as it is
    published = comment.is_published()
    classes = "comment" + ("" if published else " comment--awaiting")
    classes += " comment--staff" if comment.is_staff_comment else ""
    actions = ""
    if published:
        count = comment.like_count
        reply = format_html(REPLY, page.reply.format(comment_id=pk), thread_id, name) if page.is_open else ""
        actions = format_html(
            ACTIONS,
            pk,
            page.like.format(comment_id=pk),
            page.here,
            name,
            f"{count} like{'' if count == 1 else 's'}" if count else "",
            reply,
            page.flag.format(comment_id=pk),
        )
    created_at = template_localtime(comment.created_at)
    return format_html(
        COMMENT,
        pk,
        classes,
        name,
        STAFF_BADGE if comment.is_staff_comment else "",
        page.article_url,
        machine_time(created_at),
        full_time(created_at),
        naturaltime(comment.created_at),
        "" if published else AWAITING,
        comment_html(comment.text),
        actions,
    )


def full_time(value):
    """`|date:"j F Y, H:i T"` of a local time ("1 December 2026, 23:47 IST"), without the date format's
    parser: it was a tenth of a comment's cost."""
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}, {value.hour:02d}:{value.minute:02d} {value.tzname()}"


def comment_html(text):
    """A reader's text as HTML: everything escaped, line breaks kept, addresses linked.

    urlize(autoescape=True) escapes the whole text before it adds its own <a> tags, so the only markup in
    the result is ours: the <a> tags (with rel set here) and the <br> tags added below.
    """
    html = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    html = NOFOLLOW.sub(r'<a href="\1" rel="nofollow ugc noopener">', html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 (escaped by urlize above)
