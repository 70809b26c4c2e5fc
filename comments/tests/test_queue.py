"""The moderation queue (comments/moderation.py): its default view, its rows, and decisions that keep its place."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.tests.builders import make_article, make_section
from comments.models import Comment, CommentEvent
from comments.tests.builders import make_comment, make_moderator

pytestmark = pytest.mark.django_db
Status = Comment.Status
CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def moderator_client(client):
    client.force_login(make_moderator())
    return client


def waiting(n, **kwargs):
    """`n` pending comments on one article, one a minute, the oldest first."""
    article = kwargs.pop("article", None) or make_article()
    start = timezone.now() - timedelta(hours=1)
    return [
        make_comment(
            article=article,
            status=Status.PENDING,
            text=f"Waiting {i}",
            created_at=start + timedelta(minutes=i),
            **kwargs,
        )
        for i in range(n)
    ]


def texts(html):
    return [line.split("<")[0] for line in html.split('<div class="queue-text" dir="auto">')[1:]]


def test_the_queue_opens_on_the_waiting_view_oldest_first_and_says_so(moderator_client):
    waiting(3)
    make_comment(text="Published already")

    html = moderator_client.get(CHANGELIST).content.decode()

    assert texts(html) == ["Waiting 0", "Waiting 1", "Waiting 2"]
    assert '<li class="selected">\n    <a href="?status=waiting">Waiting (pending or held)</a></li>' in html
    assert "<h1>Comments to moderate</h1>" in html


def test_a_setting_lists_the_newest_first(moderator_client, settings):
    settings.COMMENTS_QUEUE_OLDEST_FIRST = False
    waiting(3)

    html = moderator_client.get(CHANGELIST).content.decode()

    assert texts(html) == ["Waiting 2", "Waiting 1", "Waiting 0"]


def test_the_admin_index_link_opens_the_waiting_view_shown_as_chosen(moderator_client):
    waiting(2)

    index = moderator_client.get("/admin/").content.decode()
    queue = moderator_client.get(f"{CHANGELIST}?status=waiting").content.decode()

    assert f'<a href="{CHANGELIST}?status=waiting">2 comments awaiting moderation</a>' in index
    assert '<li class="selected">\n    <a href="?status=waiting">Waiting (pending or held)</a></li>' in queue
    assert texts(queue) == ["Waiting 0", "Waiting 1"]


@pytest.mark.parametrize(
    ("view", "shown"),
    [("pending", ["Pending one"]), ("held", ["Held one"]), ("published", ["Published one"]), ("all", None)],
)
def test_each_view_of_the_queue_shows_its_comments(moderator_client, view, shown):
    now = timezone.now()
    for minutes, (status, text) in enumerate(
        [(Status.PUBLISHED, "Published one"), (Status.HELD, "Held one"), (Status.PENDING, "Pending one")]
    ):
        make_comment(status=status, text=text, created_at=now - timedelta(minutes=10 - minutes))

    html = moderator_client.get(CHANGELIST, {"status": view}).content.decode()

    # "All comments" lists every status, the oldest first.
    assert texts(html) == (shown or ["Published one", "Held one", "Pending one"])


def test_a_row_shows_the_full_text_escaped_the_article_its_section_and_why_it_waits(moderator_client):
    article = make_article(headline="Trailer day", section=make_section(name="Hollywood", slug="hollywood"))
    long_word = "a" * 2900
    make_comment(
        article=article,
        status=Status.HELD,
        text=f"<b>bold</b>\n{long_word}",
        reason="held: suspect word 'xyz'",
    )

    html = moderator_client.get(CHANGELIST).content.decode()

    assert f'<div class="queue-text" dir="auto">&lt;b&gt;bold&lt;/b&gt;\n{long_word}</div>' in html
    assert f'Hollywood · <a href="?article={article.pk}">Trailer day</a>' in html
    assert (
        '<span class="queue-line" title="held: suspect word &#x27;xyz&#x27;">'
        '<span class="queue-status queue-status--held">Held</span> suspect word &#x27;xyz&#x27;</span>'
    ) in html


def test_a_row_shows_the_senders_history_by_email(moderator_client):
    for status in [Status.PUBLISHED, Status.PUBLISHED, Status.REJECTED, Status.SPAM, Status.SPAM, Status.SPAM]:
        make_comment(email="priya@example.com", status=status)
    make_comment(email="priya@example.com", status=Status.PENDING, name="Priya 🤷‍♀️")

    html = moderator_client.get(CHANGELIST).content.decode()

    assert '<b dir="auto">Priya 🤷‍♀️</b> <span class="queue-muted">priya@example.com</span>' in html
    assert (
        '<span class="queue-count">2 approved</span> · <span class="queue-count queue-count--bad">1 rejected</span>'
        ' · <span class="queue-count queue-count--bad">3 spam</span>'
    ) in html


def test_a_waiting_row_offers_approve_reject_spam_and_block_with_their_keys(moderator_client):
    (comment,) = waiting(1)

    html = moderator_client.get(CHANGELIST, {"status": "waiting", "q": "Waiting"}).content.decode()

    action = f"{CHANGELIST}{comment.pk}/decide/?_changelist_filters=status%3Dwaiting%26q%3DWaiting"
    for name, label, key in [("approve", "Approve", "a"), ("reject", "Reject", "r"), ("spam", "Spam", "s")]:
        assert (
            f'<button type="submit" class="queue-button queue-button--{name}" formaction="{action}" '
            f'name="decision" value="{name}" data-queue-key="{key}" title="{label} (key {key})">{label}</button>'
        ) in html
    assert 'name="decision" value="remove"' not in html


def test_a_rows_decision_goes_through_the_service_and_returns_to_the_same_page_of_the_same_view(
    moderator_client, settings
):
    comments = waiting(60)
    filters = "status=pending&q=Waiting&p=2"

    response = moderator_client.post(
        f"{CHANGELIST}{comments[55].pk}/decide/?_changelist_filters=status%3Dpending%26q%3DWaiting%26p%3D2",
        {"decision": "reject"},
        follow=True,
    )

    assert response.redirect_chain == [(f"{CHANGELIST}?{filters}", 302)]
    html = response.content.decode()
    assert f"Comment {comments[55].pk} rejected." in html
    assert texts(html) == [f"Waiting {i}" for i in range(50, 60) if i != 55]
    event = CommentEvent.objects.get(comment=comments[55])
    assert (event.kind, event.from_status, event.to_status) == ("moderation", "pending", "rejected")


@pytest.mark.parametrize(("decision", "status"), [("approve", "published"), ("spam", "spam")])
def test_each_rows_decision_changes_the_status(moderator_client, decision, status):
    (comment,) = waiting(1)

    moderator_client.post(f"{CHANGELIST}{comment.pk}/decide/", {"decision": decision})

    assert Comment.objects.get(pk=comment.pk).status == status


def test_deciding_the_last_comment_of_the_last_page_shows_the_page_that_is_now_last(moderator_client):
    comments = waiting(51)

    response = moderator_client.post(
        f"{CHANGELIST}{comments[50].pk}/decide/?_changelist_filters=p%3D2", {"decision": "approve"}, follow=True
    )

    assert response.redirect_chain == [(f"{CHANGELIST}?p=2", 302)]
    assert response.status_code == 200
    assert len(texts(response.content.decode())) == 50


def test_a_refused_decision_says_why_and_returns_to_the_queue(moderator_client):
    comment = make_comment()

    response = moderator_client.post(
        f"{CHANGELIST}{comment.pk}/decide/?_changelist_filters=status%3Dall", {"decision": "reject"}, follow=True
    )

    assert response.redirect_chain == [(f"{CHANGELIST}?status=all", 302)]
    assert f"Cannot reject comment {comment.pk}: it is published." in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == "published"


def test_a_decision_must_be_a_post_of_a_known_decision(moderator_client):
    (comment,) = waiting(1)

    assert moderator_client.get(f"{CHANGELIST}{comment.pk}/decide/").status_code == 400
    assert moderator_client.post(f"{CHANGELIST}{comment.pk}/decide/", {"decision": "delete"}).status_code == 400
    assert Comment.objects.get(pk=comment.pk).status == "pending"


def test_staff_who_may_only_view_see_no_buttons_and_cannot_decide(client):
    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    (comment,) = waiting(1)

    html = client.get(CHANGELIST).content.decode()
    response = client.post(f"{CHANGELIST}{comment.pk}/decide/", {"decision": "approve"})

    assert "Waiting 0" in html
    assert 'name="decision"' not in html
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == "pending"


def test_a_decision_on_the_comments_page_returns_to_the_queue_it_came_from(moderator_client):
    (comment,) = waiting(1)
    page = f"{CHANGELIST}{comment.pk}/change/?_changelist_filters=status%3Dwaiting%26p%3D1"

    html = moderator_client.get(page).content.decode()
    response = moderator_client.post(page, {"_approve": "Approve"})

    assert f'<a href="{CHANGELIST}?status=waiting&amp;p=1" class="closelink">Back to the queue</a>' in html
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?status=waiting&p=1"


def test_a_rows_link_to_the_comments_page_carries_the_queues_filters(moderator_client):
    (comment,) = waiting(1)

    html = moderator_client.get(CHANGELIST, {"status": "waiting"}).content.decode()

    assert f'<a href="{CHANGELIST}{comment.pk}/change/?_changelist_filters=status%3Dwaiting">' in html


def test_bulk_actions_are_kept_on_the_queue(moderator_client):
    comments = waiting(3)

    response = moderator_client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [c.pk for c in comments]}, follow=True
    )

    assert "3 comments approved." in response.content.decode()
    assert set(Comment.objects.values_list("status", flat=True)) == {"published"}


# Query counts ----------------------------------------------------------------------------------------

QUEUE_QUERIES = [
    "the session",
    "the moderator",
    "their own permissions",
    "their groups' permissions",
    "the reason filter's rules",
    "the section filter's sections",
    "the article filter's busiest articles",
    "how many comments the view has",
    "how many comments there are",
    "the page of comments with their articles and sections",
    "the senders' history, by email and status",
    "the page's open reports, by comment and reason",
]


@pytest.mark.parametrize("shown", [5, 50])
def test_the_queue_runs_the_same_queries_for_5_comments_as_for_50(moderator_client, django_assert_num_queries, shown):
    for n in range(shown):
        make_comment(status=Status.PENDING, email=f"sender{n % 7}@example.com")
    make_comment(status=Status.PUBLISHED, email="sender1@example.com")
    moderator_client.get(CHANGELIST)  # the permissions are cached per request, the session is not

    with django_assert_num_queries(len(QUEUE_QUERIES)):
        response = moderator_client.get(CHANGELIST)

    assert len(texts(response.content.decode())) == shown
