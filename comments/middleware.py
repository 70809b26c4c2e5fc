from django.conf import settings

from comments.models import Comment
from comments.thread import own_comment_ids


def forget_settled_pending(get_response):
    """Delete the pending cookie once none of its comments awaits moderation any more.

    One query, only for the requests that carry the cookie; the reader's next page is the shared one
    (docs/decisions.md, "The per-reader parts of a cached page"). An answer that sets the cookie itself
    (a new comment held) keeps it.
    """
    name = settings.COMMENTS_PENDING_COOKIE

    def middleware(request):
        response = get_response(request)
        if request.COOKIES.get(name) and name not in response.cookies:
            ids = own_comment_ids(request)
            if not ids or not Comment.objects.filter(pk__in=ids).awaiting_moderation().exists():
                response.delete_cookie(name, samesite="Lax")
        return response

    return middleware
