from io import StringIO

import pytest

from articles.models import Article
from articles.tests.builders import make_article
from comments import demo
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_demo_without_articles_adds_nothing_and_says_so():
    out = StringIO()

    demo.load(out)

    assert out.getvalue() == "Demo comments: no published articles yet, so no comments added."
    assert Comment.objects.count() == 0


def test_demo_has_every_state_and_a_long_thread_and_a_second_run_adds_nothing():
    for _ in range(4):
        make_article()
    demo.load(StringIO())
    count = Comment.objects.count()

    out = StringIO()
    demo.load(out)

    assert out.getvalue() == "Demo comments: already there, nothing added."
    assert Comment.objects.count() == count
    assert set(Comment.objects.values_list("status", flat=True)) == {
        "published",
        "pending",
        "held",
        "rejected",
        "spam",
        "removed",
    }
    busiest = max(
        Comment.objects.published().values_list("article", flat=True).distinct(),
        key=lambda pk: Comment.objects.published().filter(article=pk).count(),
    )
    assert Comment.objects.published().filter(article=busiest).count() >= 200
    assert Comment.objects.published().filter(parent__isnull=False).exists()
    assert set(Comment.objects.filter(status="held").values_list("reason", flat=True)) >= {
        "held: suspect word 'paid pr'",
        "held: first comment from this email address",
    }


def test_demo_articles_show_their_published_comment_counts():
    for _ in range(4):
        make_article()

    demo.load(StringIO())

    for article in Article.objects.all():
        assert article.comment_count == Comment.objects.published().filter(article=article).count()
    assert Article.objects.filter(comment_count__gte=200).count() == 1
