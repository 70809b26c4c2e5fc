"""Article.comment_count, which lists show, follows every change to an article's published comments."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article
from articles.tests.builders import make_article
from comments import services
from comments.models import Comment, CommentPolicy
from comments.tests.builders import make_comment, make_moderator

pytestmark = pytest.mark.django_db
Status = Comment.Status


def stored_count(article):
    return Article.objects.values_list("comment_count", flat=True).get(pk=article.pk)


def submit(article, **kwargs):
    kwargs.setdefault("name", "Asha")
    kwargs.setdefault("email", "asha@example.com")
    kwargs.setdefault("text", "Loved the trailer!")
    kwargs.setdefault("form_age", 60.0)
    return services.submit_comment(article=article, **kwargs)


def test_a_comment_published_at_once_is_counted_and_one_awaiting_moderation_is_not(settings):
    settings.COMMENTS_TRUSTED_AFTER = 1
    article = make_article()
    CommentPolicy.objects.create(article=article, mode=CommentPolicy.Mode.POST)
    make_comment(email="asha@example.com")  # approved before, elsewhere: a trusted commenter

    assert submit(article).status == Status.PUBLISHED
    assert submit(article, email="new@example.com", text="Hello").status == Status.HELD

    assert stored_count(article) == 1


def test_a_staff_comment_is_counted():
    article = make_article()
    staff = get_user_model().objects.create_user("editor", is_staff=True)

    submit(article, user=staff)

    assert stored_count(article) == 1


VERB_SERVICES = {
    Status.PUBLISHED: services.approve_comment,
    Status.REJECTED: services.reject_comment,
    Status.SPAM: services.mark_spam,
    Status.REMOVED: services.remove_comment,
}
MODERATIONS = [
    (start, end) for end, starts in services.ALLOWED_FROM.items() if end in VERB_SERVICES for start in starts
]


@pytest.mark.parametrize(("start", "end"), MODERATIONS, ids=[f"{start}-to-{end}" for start, end in MODERATIONS])
def test_every_moderation_keeps_the_count(start, end):
    article = make_article()
    make_comment(article=article)
    comment = make_comment(article=article, status=start)

    VERB_SERVICES[end](comment, moderator=make_moderator())

    assert stored_count(article) == 1 + (end == Status.PUBLISHED)


def test_the_hold_by_readers_reports_takes_the_comment_out_of_the_count(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 1
    comment = make_comment()
    assert stored_count(comment.article) == 1

    services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1")

    assert stored_count(comment.article) == 0


def test_erasing_a_readers_data_recounts_their_articles():
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    alone = make_comment(email="asha@example.com")
    answered = make_comment(email="asha@example.com")
    make_comment(parent=answered, email="other@example.com")

    services.erase_sender_data(["asha@example.com"], moderator=admin)

    assert (stored_count(alone.article), stored_count(answered.article)) == (0, 1)


def test_the_superusers_hard_delete_recounts_from_the_comments_page(admin_client):
    comment = make_comment()
    make_comment(parent=comment)

    admin_client.post(f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"})

    assert Comment.objects.count() == 0
    assert stored_count(comment.article) == 0


def test_the_superusers_hard_delete_recounts_from_the_bulk_action(admin_client):
    first, second = make_comment(), make_comment()
    make_comment(article=second.article)

    admin_client.post(
        "/admin/comments/comment/?status=all",  # published comments: the queue's "All comments" view
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert (stored_count(first.article), stored_count(second.article)) == (0, 1)


def test_recount_comments_fixes_drifted_counts_and_says_how_many():
    article = make_article()
    make_comment(article=article)
    make_comment(article=article)
    right = make_comment().article
    Article.objects.filter(pk=article.pk).update(comment_count=7)
    out = StringIO()

    call_command("recount_comments", stdout=out)

    assert out.getvalue() == ("Recounted the published comments of every article: 1 count was wrong and is fixed.\n")
    assert (stored_count(article), stored_count(right)) == (2, 1)


def test_recount_comments_twice_fixes_nothing_the_second_time():
    make_comment()
    Article.objects.update(comment_count=0)
    call_command("recount_comments", stdout=StringIO())
    out = StringIO()

    call_command("recount_comments", stdout=out)

    assert out.getvalue() == ("Recounted the published comments of every article: 0 counts were wrong and are fixed.\n")
