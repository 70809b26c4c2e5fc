"""Likes (one per browser, no account, rate-limited) and the order of threads (newest, oldest, most liked)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.tests.builders import make_article
from comments import services
from comments.models import Comment, CommentLike
from comments.readers import BROWSER_COOKIE
from comments.tests.builders import make_comment

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def like(client, comment, value="1", **extra):
    return client.post(f"/comments/{comment.pk}/like/", {"like": value}, **extra)


def stored_count(comment):
    return Comment.objects.get(pk=comment.pk).like_count


# Liking ---------------------------------------------------------------------------------------------


def test_a_like_counts_once_per_browser_and_sets_the_browser_cookie_on_the_post(client):
    comment = make_comment()

    first = like(client, comment, **JSON)
    second = like(client, comment, **JSON)

    assert first.status_code == 200
    assert first.json() == {"liked": True, "count": 1, "label": "1 like"}
    assert second.json() == {"liked": True, "count": 1, "label": "1 like"}
    assert first.cookies[BROWSER_COOKIE]["httponly"] is True
    assert stored_count(comment) == 1
    assert CommentLike.objects.get().reader != client.cookies[BROWSER_COOKIE].value  # a keyed hash is stored


def test_every_browser_counts_and_the_page_shows_the_count(client):
    comment = make_comment()
    like(Client(), comment)
    like(Client(), comment)

    html = client.get(comment.article.get_absolute_url()).content.decode()

    assert stored_count(comment) == 2
    assert '<span class="comment-like__count" data-comment-like-count aria-live="polite">2 likes</span>' in html


def test_a_like_can_be_taken_back(client):
    comment = make_comment()
    like(client, comment)

    response = like(client, comment, "0", **JSON)

    assert response.json() == {"liked": False, "count": 0, "label": "0 likes"}
    assert stored_count(comment) == 0
    assert like(client, comment, **JSON).json()["count"] == 1


def test_without_javascript_a_like_comes_back_to_the_comment_with_a_message(client):
    comment = make_comment(name="Asha")
    page = f"/comments/article/{comment.article_id}/?sort=liked"

    response = client.post(f"/comments/{comment.pk}/like/", {"like": "1", "next": page})

    assert response.status_code == 302
    assert response["Location"] == f"{page}#comment-{comment.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "You like Asha’s comment." in html
    assert ">1 like</span>" in html


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_a_like_never_sends_the_reader_to_another_site(client, next_url):
    comment = make_comment()

    response = client.post(f"/comments/{comment.pk}/like/", {"like": "1", "next": next_url})

    assert response["Location"] == f"{comment.article.get_absolute_url()}#comment-{comment.pk}"


def test_the_like_button_is_a_form_that_works_without_javascript(client):
    comment = make_comment(name="Asha")

    html = client.get(comment.article.get_absolute_url()).content.decode()

    form = html.split(f'<form method="post" action="/comments/{comment.pk}/like/"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in form  # the same page for everyone: the token is confirmed on a page of its own
    assert '<input type="hidden" name="like" value="1">' in form
    assert 'Like<span class="visually-hidden"> the comment by Asha</span></button>' in form
    assert "aria-pressed" not in form  # the same page for everyone: the script presses the reader's own


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.REMOVED])
def test_only_published_comments_can_be_liked(client, status):
    comment = make_comment(status=status)

    assert like(client, comment).status_code == 404
    assert CommentLike.objects.count() == 0


def test_liking_needs_a_post(client):
    assert client.get(f"/comments/{make_comment().pk}/like/").status_code == 405


def test_the_service_refuses_an_unpublished_comment():
    comment = make_comment(status=Comment.Status.HELD)

    with pytest.raises(services.IllegalTransition, match="Only published comments can be liked."):
        services.like_comment(comment, reader="k" * 64)


# Rate limits ----------------------------------------------------------------------------------------


def test_a_browser_liking_too_fast_is_told_to_wait(client, settings):
    settings.COMMENTS_LIKES_PER_BROWSER = 2
    settings.COMMENTS_LIKE_WINDOW = 60
    comments = [make_comment() for _ in range(3)]
    like(client, comments[0])
    like(client, comments[1])

    response = like(client, comments[2], **JSON)

    assert response.status_code == 429
    assert 59 <= int(response["Retry-After"]) <= 60
    assert response.json() == {
        "error": "You have liked a lot of comments in a short time. Please wait a moment and try again."
    }
    assert stored_count(comments[2]) == 0
    assert like(Client(), comments[2], **JSON).status_code == 200  # another reader is not stopped


def test_without_javascript_the_wait_is_a_page(client, settings):
    settings.COMMENTS_LIKES_PER_BROWSER = 1
    comments = [make_comment() for _ in range(2)]
    like(client, comments[0])

    response = like(client, comments[1])

    assert response.status_code == 429
    assert "You have liked a lot of comments in a short time." in response.content.decode()


def test_liking_and_taking_back_in_a_loop_is_limited_like_liking(client, settings):
    settings.COMMENTS_LIKES_PER_BROWSER = 3
    comment = make_comment()

    statuses = [like(client, comment, value, **JSON).status_code for value in "1010101"]

    assert statuses == [200, 200, 200, 200, 200, 200, 429]


def test_one_address_is_a_backstop_for_many_browsers_behind_it(settings):
    settings.COMMENTS_LIKES_PER_BROWSER = 10
    settings.COMMENTS_LIKES_PER_ADDRESS = 3
    comment = make_comment()

    statuses = [like(Client(REMOTE_ADDR="100.64.0.9"), comment).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert like(Client(REMOTE_ADDR="100.64.0.10"), comment).status_code == 302


def test_likes_older_than_the_window_do_not_count(settings):
    settings.COMMENTS_LIKES_PER_BROWSER = 1
    settings.COMMENTS_LIKE_WINDOW = 60
    first, second = make_comment(), make_comment()
    services.like_comment(first, reader="r" * 64, now=timezone.now() - timedelta(seconds=61))

    assert services.like_comment(second, reader="r" * 64).count == 1


def test_the_purge_clears_old_likes_address_keys_and_old_withdrawn_likes(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    comment = make_comment()
    old = timezone.now() - timedelta(days=31)
    services.like_comment(comment, reader="a" * 64, ip_address="192.0.2.1", now=old)
    services.like_comment(comment, reader="b" * 64, ip_address="192.0.2.1", now=old)
    services.like_comment(comment, reader="b" * 64, liked=False, now=old)
    services.like_comment(comment, reader="c" * 64, ip_address="192.0.2.1")

    out = StringIO()

    call_command("purge_comment_ips", stdout=out)

    assert out.getvalue().splitlines()[-1] == "Cleared the address of 2 likes and deleted 1 withdrawn like."
    assert sorted((like.reader[0], bool(like.address)) for like in CommentLike.objects.all()) == [
        ("a", False),
        ("c", True),
    ]
    assert stored_count(comment) == 2


# The reader's own likes -----------------------------------------------------------------------------


def test_a_browser_learns_which_comments_it_likes_from_a_private_endpoint(client, django_assert_num_queries):
    liked, other = make_comment(), make_comment()
    like(client, liked)
    like(Client(), other)

    with django_assert_num_queries(1):
        response = client.get(f"/comments/likes/?ids={liked.pk},{other.pk},oops")

    assert response.json() == {"liked": [liked.pk]}
    assert response["Cache-Control"] == "private, no-store"


def test_a_browser_that_never_liked_costs_no_query(client, django_assert_num_queries):
    comment = make_comment()

    with django_assert_num_queries(0):
        response = client.get(f"/comments/likes/?ids={comment.pk}")

    assert response.json() == {"liked": []}


# Sorting --------------------------------------------------------------------------------------------


@pytest.fixture
def three_threads():
    """Three threads an hour apart; the oldest is the most liked, the newest the least."""
    article = make_article()
    now = timezone.now()
    made = {}
    for hours_ago, name, likes in [(3, "Oldest", 5), (2, "Middle", 9), (1, "Newest", 0)]:
        made[name] = make_comment(article=article, name=name, created_at=now - timedelta(hours=hours_ago))
        Comment.objects.filter(pk=made[name].pk).update(like_count=likes)
    make_comment(parent=made["Oldest"], name="Second reply", created_at=now - timedelta(minutes=5))
    make_comment(parent=made["Oldest"], name="First reply", created_at=now - timedelta(minutes=50))
    return article


def names_in_order(html):
    return [part.split("<")[0] for part in html.split('class="comment__name" id="comment-')[1:]]


def names(html):
    return [name.split(">", 1)[1] for name in names_in_order(html)]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Newest", "Middle", "Oldest", "First reply", "Second reply"]),
        ("newest", ["Newest", "Middle", "Oldest", "First reply", "Second reply"]),
        ("oldest", ["Oldest", "First reply", "Second reply", "Middle", "Newest"]),
        ("liked", ["Middle", "Oldest", "First reply", "Second reply", "Newest"]),
        ("nonsense", ["Newest", "Middle", "Oldest", "First reply", "Second reply"]),
    ],
)
def test_threads_are_sorted_by_the_server_on_the_article_and_the_comments_page(client, three_threads, sort, expected):
    query = f"?sort={sort}" if sort else ""

    article_page = client.get(three_threads.get_absolute_url() + query).content.decode()
    comments_page = client.get(f"/comments/article/{three_threads.pk}/{query}").content.decode()

    assert names(article_page) == expected
    assert names(comments_page) == expected


def test_the_sort_links_are_plain_crawlable_links_marking_the_current_order(client, three_threads, settings):
    html = client.get(three_threads.get_absolute_url() + "?sort=liked").content.decode()

    nav = html.split('<nav class="comments__sort"')[1].split("</nav>")[0]
    assert '<a href="?sort=newest#comments" data-comment-sort-choice="newest">Newest</a>' in nav
    assert '<a href="?sort=oldest#comments" data-comment-sort-choice="oldest">Oldest</a>' in nav
    assert '<a href="?sort=liked#comments" data-comment-sort-choice="liked" aria-current="true">Most liked</a>' in nav
    # The article's canonical address stays the unsorted one.
    assert f'<link rel="canonical" href="{settings.SITE_URL}{three_threads.get_absolute_url()}">' in html


def test_more_pages_keep_the_order(client, three_threads, settings):
    settings.COMMENTS_PAGE_SIZE = 2
    list_url = f"/comments/article/{three_threads.pk}/"

    article_page = client.get(three_threads.get_absolute_url() + "?sort=oldest").content.decode()
    page2 = client.get(f"{list_url}?sort=oldest&page=2").content.decode()

    assert f'href="{list_url}?sort=oldest&amp;page=2">Show more comments</a>' in article_page
    assert names(page2) == ["Newest"]
    assert f'<link rel="canonical" href="{settings.SITE_URL}{list_url}?sort=oldest&amp;page=2">' in page2
    assert f'<a href="{list_url}?sort=oldest&amp;page=1" rel="prev">Previous page</a>' in page2


def test_the_default_order_keeps_its_addresses(client, three_threads, settings):
    settings.COMMENTS_PAGE_SIZE = 2
    list_url = f"/comments/article/{three_threads.pk}/"

    html = client.get(three_threads.get_absolute_url()).content.decode()

    assert f'href="{list_url}?page=2">Show more comments</a>' in html


def test_one_thread_needs_no_sort_links(client):
    comment = make_comment()

    assert "comments__sort" not in client.get(comment.article.get_absolute_url()).content.decode()
