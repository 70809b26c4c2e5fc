"""Reading an article's comments for a page, in three queries however many comments there are."""

from django.conf import settings
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db.models import Count, Q
from django.http import Http404

from comments.models import Comment

OWN_COOKIE = "comments_mine"
OWN_COOKIE_SALT = "comments.own-comments"
OWN_COOKIE_MAX_IDS = 20
OWN_COOKIE_MAX_AGE = 30 * 24 * 3600


def own_comment_ids(request):
    """The ids of the comments this browser posted, from a signed cookie nobody else can forge."""
    raw = request.get_signed_cookie(OWN_COOKIE, default="", salt=OWN_COOKIE_SALT, max_age=OWN_COOKIE_MAX_AGE)
    return [int(part) for part in raw.split(",") if part.isdigit()][-OWN_COOKIE_MAX_IDS:]


def remember_own_comment(request, response, comment):
    ids = [*own_comment_ids(request), comment.pk][-OWN_COOKIE_MAX_IDS:]
    response.set_signed_cookie(
        OWN_COOKIE,
        ",".join(map(str, ids)),
        salt=OWN_COOKIE_SALT,
        max_age=OWN_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def thread_page(request, article, page_number=1):
    """A page of top-level comments (newest first) with all their replies (oldest first).

    Query 1 counts threads and published comments together; query 2 reads the page of threads; query 3
    reads the replies of those threads. A reader also sees their own comments awaiting moderation.
    """
    own_ids = own_comment_ids(request)
    visible = Comment.objects.filter(article=article).visible(own_ids)
    counts = Comment.objects.filter(article=article).aggregate(
        threads=Count("pk", filter=Q(parent__isnull=True) & Comment.objects.visible_condition(own_ids)),
        published=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
    )
    paginator = Paginator(
        visible.filter(parent__isnull=True).for_thread().order_by("-created_at", "-id"), settings.COMMENTS_PAGE_SIZE
    )
    paginator.count = counts["threads"]  # already counted above, with the published total: one query fewer
    try:
        page = paginator.page(page_number)
    except (EmptyPage, InvalidPage):
        raise Http404("No such page of comments") from None
    threads = list(page.object_list)
    replies = {}
    if threads:
        for reply in visible.filter(parent__in=[t.pk for t in threads]).for_thread().order_by("created_at", "id"):
            replies.setdefault(reply.parent_id, []).append(reply)
    for comment in threads:
        comment.reply_list = replies.get(comment.pk, [])
    return {"page": page, "threads": threads, "comment_count": counts["published"], "own_ids": own_ids}
