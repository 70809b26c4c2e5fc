"""The article page reads its comments in a fixed number of queries, whatever their number."""

import pytest
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.tests.builders import make_article
from comments.models import Comment, CommentPolicy
from comments.tests.builders import form_data, make_comment

pytestmark = pytest.mark.django_db


def add_threads(article, comments):
    """`comments` published comments: threads of one top-level comment and up to four replies."""
    made = 0
    while made < comments:
        top = Comment.objects.create(article=article, name="Top", email="t@example.com", text="top", status="published")
        made += 1
        replies = min(4, comments - made)
        Comment.objects.bulk_create(
            Comment(article=article, parent=top, name="Re", email="r@example.com", text="re", status="published")
            for _ in range(replies)
        )
        made += replies


def article_page_queries(client, comments):
    article = make_article()
    add_threads(article, comments)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f'<span class="comments__count">({comments})</span>' in response.content.decode()
    return len(queries)


def test_an_article_with_500_comments_runs_as_many_queries_as_one_with_one(client):
    assert article_page_queries(client, 500) == article_page_queries(client, 1)


# What article_detail.html writes under the story (comment_section: comments.thread_html.article_section).
SECTION = engines["jinja2"].from_string("{{ comment_section(request, article) }}")


def render_section(article):
    request = RequestFactory().get(article.get_absolute_url())
    return SECTION.render({"article": article, "request": request})


def test_the_comment_section_adds_two_queries(django_assert_num_queries):
    """The policy with the counts; the page of threads with their replies."""
    article = make_article()
    add_threads(article, 30)

    with django_assert_num_queries(2):
        render_section(article)


def test_the_comment_section_of_an_article_without_comments_adds_one_query(django_assert_num_queries):
    article = make_article()

    with django_assert_num_queries(1):
        html = render_section(article)

    assert "No comments yet." in html


def test_the_page_of_threads_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    article = make_article()
    add_threads(article, 200)

    # article, policy with counts, threads with replies, navigation sections
    with django_assert_num_queries(4):
        response = client.get(f"/comments/article/{article.pk}/?page=2")

    assert response.content.decode().count('<li class="comment-thread">') == 20


# Posting a comment under pre-moderation, query by query: a change in the count says what changed.
# 12 since the per-browser limit (issue 8): one indexed count of the browser's recent comments, so that the
# limit per address can be a backstop sized for carrier-grade NAT. 13 on PostgreSQL (issue 9).
POST_QUERIES = [
    "the published article with its section",
    "the article's comment policy, looked up once per request",
    "SAVEPOINT (BEGIN IMMEDIATE outside a test): the write transaction",
    # SQLite's IMMEDIATE transaction already keeps one sender's posts apart; PostgreSQL takes their locks.
    *(["the sender's advisory locks, one statement"] if connection.vendor == "postgresql" else []),
    "the sender's comments within the rate-limit window, by browser key",
    "the same, by email address",
    "the same, by IP address",
    "blocked senders",
    "the same text sent lately by this email or browser (duplicate)",
    "the word lists",
    "the comment",
    "its pipeline decision",
    "RELEASE SAVEPOINT (COMMIT)",
]

# A trusted commenter under post-moderation: their approved comments are counted, and the article's
# published count is stored in the same transaction.
POST_PUBLISHED_QUERIES = [
    *POST_QUERIES[:-3],
    "the sender's approved comments (new commenter)",
    *POST_QUERIES[-3:-1],
    "the article's published count",
    POST_QUERIES[-1],
]


def policy_reads(queries):
    return [q for q in queries.captured_queries if 'FROM "comments_commentpolicy"' in q["sql"]]


def test_posting_a_comment_runs_a_fixed_number_of_queries_and_reads_the_policy_once(client, django_assert_num_queries):
    article = make_article()

    with django_assert_num_queries(len(POST_QUERIES)) as queries:
        response = client.post(f"/comments/article/{article.pk}/post/", form_data(article))

    assert response.status_code == 302
    assert len(policy_reads(queries)) == 1


def test_posting_a_comment_published_at_once_also_stores_the_articles_count(
    client, settings, django_assert_num_queries
):
    settings.COMMENTS_TRUSTED_AFTER = 1
    article = make_article()
    CommentPolicy.objects.create(article=article, mode=CommentPolicy.Mode.POST)
    make_comment(email="asha@example.com")

    with django_assert_num_queries(len(POST_PUBLISHED_QUERIES)) as queries:
        response = client.post(f"/comments/article/{article.pk}/post/", form_data(article))

    assert response.status_code == 302
    assert 'UPDATE "articles_article" SET "comment_count"' in queries.captured_queries[-2]["sql"]
    assert Article.objects.get(pk=article.pk).comment_count == 1


def test_the_reply_page_reads_the_policy_once(client, django_assert_num_queries):
    parent = make_comment()

    # the comment with its article and section, the policy, navigation sections
    with django_assert_num_queries(3) as queries:
        response = client.get(f"/comments/{parent.pk}/reply/")

    assert response.status_code == 200
    assert len(policy_reads(queries)) == 1


# Likes and the order of threads ------------------------------------------------------------------


def add_liked_threads(article, threads):
    """`threads` published threads of one comment and one reply, each comment with its own number of likes."""
    for n in range(threads):
        top = Comment.objects.create(
            article=article, name="Top", email="t@example.com", text="top", status="published", like_count=2 * n
        )
        Comment.objects.create(
            article=article, parent=top, name="Re", email="r@example.com", text="re", status="published", like_count=1
        )


@pytest.mark.parametrize("sort", ["newest", "oldest", "liked"])
def test_the_comment_section_adds_two_queries_in_every_order_with_every_count_shown(sort, django_assert_num_queries):
    article = make_article()
    add_liked_threads(article, 30)
    request = RequestFactory().get(f"{article.get_absolute_url()}?sort={sort}")

    with django_assert_num_queries(2):
        html = SECTION.render({"article": article, "request": request})

    # The page's 20 threads and their replies, each with its count, read with the rows.
    assert html.count('aria-live="polite">1 like</span>') == 20
    assert html.count(" likes</span>") == (19 if sort == "oldest" else 20)  # the oldest thread has none


@pytest.mark.parametrize("sort", ["newest", "oldest", "liked"])
def test_the_page_of_threads_runs_four_queries_in_every_order(client, sort, django_assert_num_queries):
    article = make_article()
    add_liked_threads(article, 60)

    # article, policy with counts, threads with replies, navigation sections
    with django_assert_num_queries(4):
        response = client.get(f"/comments/article/{article.pk}/?sort={sort}&page=2")

    assert response.content.decode().count('<li class="comment-thread">') == 20


# Liking a comment, query by query.
LIKE_QUERIES = [
    "the published comment with its article and section",
    "SAVEPOINT (BEGIN IMMEDIATE outside a test): the write transaction",
    "the comment again, locked (FOR UPDATE on PostgreSQL), still published",
    "this browser's likes within the window",
    "this address's likes within the window",
    "SAVEPOINT: the like, which may already be there",
    "the like",
    "RELEASE SAVEPOINT",
    "the comment's likes, counted afresh",
    "the comment's like count stored",
    "RELEASE SAVEPOINT (COMMIT)",
]


def test_liking_a_comment_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    comment = make_comment()

    with django_assert_num_queries(len(LIKE_QUERIES)):
        response = client.post(f"/comments/{comment.pk}/like/", {"like": "1"}, HTTP_ACCEPT="application/json")

    assert response.json()["count"] == 1


def test_the_form_fragment_runs_two_queries(client, django_assert_num_queries):
    """The article with its section; its comment policy. No navigation, no thread: the form alone."""
    article = make_article()
    add_threads(article, 30)

    with django_assert_num_queries(2):
        response = client.get(f"/comments/article/{article.pk}/form/", headers={"X-Requested-With": "fetch"})

    assert response.status_code == 200


def test_a_reader_with_a_held_comment_pays_one_query_more_for_the_check_that_it_is_still_held(client):
    article = make_article()
    add_threads(article, 3)
    client.get(article.get_absolute_url())  # the story's own part rendered and kept (articles/story_html.py)
    with CaptureQueriesContext(connection) as shared:
        client.get(article.get_absolute_url())
    client.post(f"/comments/article/{article.pk}/post/", form_data(article, text="Held"))

    with CaptureQueriesContext(connection) as own:
        response = client.get(article.get_absolute_url())

    assert "Held" in response.content.decode()
    assert len(own) == len(shared) + 1
