"""Reading an article's comments for a page, in two queries however many comments there are."""

from functools import lru_cache

from django.conf import settings
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from articles.compiled import CompiledQuery
from articles.models import Article
from comments import services
from comments.models import Comment, CommentPolicy

PENDING_COOKIE_SALT = "comments.pending"
PENDING_COOKIE_MAX_IDS = 20


def own_comment_ids(request):
    """The ids of this browser's comments awaiting moderation, from a signed cookie nobody else can forge.

    Only a reader with a held comment carries it (settings.COMMENTS_PENDING_COOKIE): every other reader
    gets the page everyone gets, which a shared cache may keep (settings.PER_READER_COOKIES).
    """
    raw = request.get_signed_cookie(
        settings.COMMENTS_PENDING_COOKIE,
        default="",
        salt=PENDING_COOKIE_SALT,
        max_age=settings.COMMENTS_PENDING_MAX_AGE,
    )
    return [int(part) for part in raw.split(",") if part.isdigit()][-PENDING_COOKIE_MAX_IDS:]


def remember_pending_comment(request, response, comment):
    """Let this browser see `comment` while it awaits moderation: on the POST's answer, never on a page."""
    ids = [*own_comment_ids(request), comment.pk][-PENDING_COOKIE_MAX_IDS:]
    response.set_signed_cookie(
        settings.COMMENTS_PENDING_COOKIE,
        ",".join(map(str, ids)),
        salt=PENDING_COOKIE_SALT,
        max_age=settings.COMMENTS_PENDING_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def overview(article, own_ids):
    """The article's comment policy overrides and comment counts, in one query of subqueries."""
    rows = compiled_overview(len(own_ids)).run(using=Comment.objects.db, article=article.pk, **own(own_ids))
    if not rows:
        raise Article.DoesNotExist(f"No article {article.pk}")
    return rows[0]


def overview_query(article_pk, own_ids):
    comments = Comment.objects.filter(article=OuterRef("pk")).order_by().values("article")

    def count(queryset):
        return Coalesce(Subquery(queryset.annotate(n=Count("*")).values("n"), output_field=IntegerField()), 0)

    def policy(field, **where):
        return Subquery(CommentPolicy.objects.filter(**where).values(field)[:1])

    return (
        Article.objects.filter(pk=article_pk)
        .order_by()
        .annotate(
            article_mode=policy("mode", article=OuterRef("pk")),
            article_days=policy("auto_close_days", article=OuterRef("pk")),
            section_mode=policy("mode", section=OuterRef("section_id")),
            section_days=policy("auto_close_days", section=OuterRef("section_id")),
            threads=count(comments.filter(Comment.objects.visible_condition(own_ids), parent__isnull=True)),
            published=count(comments.filter(status=Comment.Status.PUBLISHED)),
        )
        .values("article_mode", "article_days", "section_mode", "section_days", "threads", "published")
    )


def page_rows_query(article_pk, own_ids, sort, offset, limit):
    """The page's threads and all their replies, in one query: the ids of the page's threads are a
    LIMIT/OFFSET subquery, used twice. Each side of the OR is an index lookup (rowid, parent_id), so the
    query costs the page, not the article's whole conversation; hidden replies are dropped by thread_page
    rather than in SQL, where the condition would turn the lookup into a scan."""
    page_ids = (
        Comment.objects.filter(article_id=article_pk)
        .visible(own_ids)
        .filter(parent__isnull=True)
        .order_by(*SORTS[sort])
        .values("pk")[offset : offset + limit]
    )
    return Comment.objects.filter(Q(pk__in=page_ids) | Q(parent__in=page_ids)).for_thread().order_by()


# The two queries of a comment page, compiled once per shape (the number of the reader's own comments, the
# sort, the page) and filled in per request (articles.compiled.CompiledQuery): building their querysets and
# compiling them took 2 to 5 ms of an article page's CPU on every request, running them 0.25 ms
# (docs/performance.md, "The comment section, uncached"). A page's offset is part of the shape, so the
# caches are bounded.
NO_ROW = -9_000_001  # the stand-ins' ids: no row has a negative one


def own(own_ids):
    """The reader's own comment ids as the compiled queries' values: own0, own1, …"""
    return {f"own{n}": pk for n, pk in enumerate(own_ids)}


@lru_cache(maxsize=32)
def compiled_overview(own_count):
    return CompiledQuery(
        lambda article, **own_ids: overview_query(article, list(own_ids.values())),
        article=NO_ROW,
        **own(range(NO_ROW - 1, NO_ROW - 1 - own_count, -1)),
    )


@lru_cache(maxsize=256)
def compiled_page_rows(own_count, sort, offset, limit):
    return CompiledQuery(
        lambda article, **own_ids: page_rows_query(article, list(own_ids.values()), sort, offset, limit),
        article=NO_ROW,
        **own(range(NO_ROW - 1, NO_ROW - 1 - own_count, -1)),
    )


def page_rows(article, own_ids, sort, offset, limit):
    """The rows of page_rows_query, as Comment objects with only the columns for_thread reads."""
    query = compiled_page_rows(len(own_ids), sort, offset, limit)
    return query.run(using=Comment.objects.db, article=article.pk, **own(own_ids))


# How readers may sort the threads (`?sort=`): the columns of the ORDER BY, newest first by default.
# Replies stay oldest first under their thread whatever the order, so that a conversation reads in order.
SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "liked": ("-like_count", "-created_at", "-id"),
}
DEFAULT_SORT = "newest"
SORT_LABELS = [("newest", "Newest"), ("oldest", "Oldest"), ("liked", "Most liked")]


def chosen_sort(request):
    """The order the page asks for in `?sort=`; anything unknown is the default, not an error."""
    sort = request.GET.get("sort", "")
    return sort if sort in SORTS else DEFAULT_SORT


def sort_key(sort):
    """The Python sort key matching SORTS[sort], for the rows once read."""
    if sort == "oldest":
        return lambda c: (c.created_at, c.pk), False
    if sort == "liked":
        return lambda c: (c.like_count, c.created_at, c.pk), True
    return lambda c: (c.created_at, c.pk), True


def thread_page(request, article, page_number=1, sort=DEFAULT_SORT):
    """A page of top-level comments (in the `sort` order of SORTS) with all their replies (oldest first).

    Query 1 finds the policy and counts threads and published comments; query 2 reads the page of
    threads with all their replies. With no comments, query 2 does not run.
    A reader also sees their own comments awaiting moderation.
    """
    own_ids = own_comment_ids(request)
    if article.pk is None:
        # A preview of an article not saved yet (articles/previews.py): no comments, and no queries.
        return {
            **unsaved_article_page(),
            "own_ids": own_ids,
            "policy": services.resolve_policy(article, []),
            "sort": sort,
            "sorts": SORT_LABELS,
        }
    found = overview(article, own_ids)
    overrides = [(found[f"{k}_mode"], found[f"{k}_days"]) for k in ("article", "section") if found[f"{k}_mode"]]
    # The paginator needs only the number of threads, counted in the overview query: one query fewer.
    paginator = Paginator(range(found["threads"]), settings.COMMENTS_PAGE_SIZE)
    try:
        page = paginator.page(page_number)
    except (EmptyPage, InvalidPage):
        raise Http404("No such page of comments") from None
    threads = []
    if found["threads"]:
        offset = (page.number - 1) * paginator.per_page
        rows = [
            row
            for row in page_rows(article, own_ids, sort, offset, paginator.per_page)
            if row.is_published() or (row.pk in own_ids and row.is_awaiting_moderation())
        ]
        replies = {}
        for reply in sorted((r for r in rows if r.parent_id), key=lambda r: (r.created_at, r.pk)):
            replies.setdefault(reply.parent_id, []).append(reply)
        key, reverse = sort_key(sort)
        threads = sorted((r for r in rows if not r.parent_id), key=key, reverse=reverse)
        for comment in threads:
            comment.reply_list = replies.get(comment.pk, [])
    return {
        "page": page,
        "threads": threads,
        "article_url": article.get_absolute_url(),  # once, not once per comment's permalink
        "comment_count": found["published"],
        "own_ids": own_ids,
        "policy": services.resolve_policy(article, overrides),
        "sort": sort,
        "sorts": SORT_LABELS,
    }


def unsaved_article_page():
    page = Paginator([], settings.COMMENTS_PAGE_SIZE).page(1)
    return {"page": page, "threads": [], "article_url": "", "comment_count": 0}
