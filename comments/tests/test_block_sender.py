"""Blocking a comment's sender from the queue or the comment's page: email and/or address, a reason, recorded."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from articles.tests.builders import make_article
from comments import services
from comments.models import BlockedSender, Comment, CommentEvent
from comments.tests.builders import form_data, make_comment, make_moderator

pytestmark = pytest.mark.django_db
Status = Comment.Status
CHANGELIST = "/admin/comments/comment/"


def block_url(comment, filters=""):
    return f"{CHANGELIST}{comment.pk}/block/" + (f"?_changelist_filters={filters}" if filters else "")


@pytest.fixture
def moderator():
    return make_moderator()


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_blocking_the_email_rejects_the_senders_waiting_comments_and_records_why(moderator):
    comment = make_comment(email="troll@example.com", status=Status.PENDING, ip_address="192.0.2.7")
    other = make_comment(email="troll@example.com", status=Status.HELD)
    published = make_comment(email="troll@example.com")
    stranger = make_comment(email="fan@example.com", status=Status.PENDING, ip_address="192.0.2.7")

    result = services.block_sender(
        comment, email=True, ip=False, reason="  insults  every day ", reject_waiting=True, moderator=moderator
    )

    assert result == services.BlockResult(blocked=["email troll@example.com"], already=[], rejected=2)
    block = BlockedSender.objects.get()
    assert (block.email, block.ip_address, block.note, block.created_by) == (
        "troll@example.com",
        None,
        "insults every day",
        moderator,
    )
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in (comment, other, published, stranger)] == [
        "rejected",
        "rejected",
        "published",
        "pending",
    ]
    assert comment.status == "rejected"  # the caller's copy too
    assert list(comment.events.values_list("kind", "from_status", "to_status", "reason", "actor")) == [
        (
            "moderation",
            "",
            "",
            "blocked the sender's email troll@example.com: insults every day (by mod)",
            moderator.pk,
        ),
        ("moderation", "pending", "rejected", "reject: sender blocked by mod: insults every day", moderator.pk),
    ]
    assert CommentEvent.objects.get(comment=other).reason == "reject: sender blocked by mod: insults every day"


def test_blocking_the_address_too_and_keeping_their_waiting_comments(moderator):
    comment = make_comment(status=Status.PENDING, ip_address="192.0.2.7")
    BlockedSender.objects.create(email=comment.email, note="earlier")

    result = services.block_sender(
        comment, email=True, ip=True, reason="flood", reject_waiting=False, moderator=moderator
    )

    assert result == services.BlockResult(
        blocked=["IP address 192.0.2.7"], already=[f"email {comment.email}"], rejected=0
    )
    assert BlockedSender.objects.get(email=comment.email).note == "earlier"
    assert Comment.objects.get(pk=comment.pk).status == "pending"


def test_the_next_comment_from_a_blocked_sender_is_rejected_as_it_arrives(client, moderator, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    first = make_comment(article=article, email="asha@example.com", status=Status.PENDING)
    services.block_sender(first, email=True, ip=False, reason="spam links", reject_waiting=False, moderator=moderator)

    client.post(f"/comments/article/{article.pk}/post/", form_data(article, text="Again"))

    again = Comment.objects.get(text="Again")
    assert (again.status, again.reason) == ("rejected", "rejected: blocked email asha@example.com")


@pytest.mark.parametrize(
    ("email", "ip", "reason", "message"),
    [
        (False, False, "why", "Choose the email address, the IP address or both."),
        (True, False, "   ", "Please say why you block this sender, for the other moderators."),
    ],
)
def test_a_block_needs_something_to_block_and_a_reason(moderator, email, ip, reason, message):
    comment = make_comment()

    with pytest.raises(ValidationError, match=message):
        services.block_sender(comment, email=email, ip=ip, reason=reason, reject_waiting=False, moderator=moderator)
    assert BlockedSender.objects.count() == 0


def test_only_moderators_may_block():
    writer = get_user_model().objects.create_user("writer", is_staff=True)
    writer.user_permissions.add(Permission.objects.get(codename="add_blockedsender"))

    with pytest.raises(services.IllegalTransition, match="Only moderators can block a sender."):
        services.block_sender(make_comment(), email=True, ip=False, reason="x", reject_waiting=False, moderator=writer)


# The page ------------------------------------------------------------------------------------------------


def test_the_block_page_offers_the_senders_email_address_and_their_waiting_comments(moderator_client):
    comment = make_comment(email="troll@example.com", ip_address="192.0.2.7", status=Status.PENDING, text="Rude")
    make_comment(email="troll@example.com", status=Status.HELD)

    response = moderator_client.get(block_url(comment))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Block the email address troll@example.com" in html
    assert "Block the IP address 192.0.2.7" in html
    assert "2 waiting comments from this email address, 1 from this IP address." in html
    assert '<input type="checkbox" name="email" id="id_email" checked>' in html
    assert '<input type="checkbox" name="ip" aria-describedby="id_ip_helptext" id="id_ip">' in html


def test_blocking_from_the_queue_returns_to_the_same_queue(moderator_client):
    comment = make_comment(email="troll@example.com", status=Status.PENDING)
    make_comment(email="troll@example.com", status=Status.PENDING)

    response = moderator_client.post(
        block_url(comment, "status%3Dwaiting%26q%3Dtroll"),
        {"email": "on", "reason": "insults", "reject_waiting": "on"},
        follow=True,
    )

    assert response.redirect_chain == [(f"{CHANGELIST}?status=waiting&q=troll", 302)]
    assert "Blocked email troll@example.com. 2 waiting comments rejected." in response.content.decode()
    assert BlockedSender.objects.get().note == "insults"


def test_a_block_without_a_reason_is_refused_and_keeps_the_choices(moderator_client):
    comment = make_comment(ip_address="192.0.2.7")

    response = moderator_client.post(block_url(comment), {"ip": "on", "reason": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please say why you block this sender, for the other moderators." in html
    assert '<input type="checkbox" name="ip" aria-describedby="id_ip_helptext" id="id_ip" checked>' in html
    assert '<input type="checkbox" name="email" id="id_email">' in html
    assert BlockedSender.objects.count() == 0


def test_a_block_of_nothing_is_refused_with_the_reason_kept(moderator_client):
    comment = make_comment()

    response = moderator_client.post(block_url(comment), {"reason": "flooding the thread"})

    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="errornote" role="alert">Choose the email address, the IP address or both.</p>' in html
    assert 'value="flooding the thread"' in html


def test_a_row_and_the_comment_page_link_to_the_block_page_with_the_queues_filters(moderator_client):
    comment = make_comment(status=Status.PENDING)

    queue = moderator_client.get(CHANGELIST, {"status": "pending"}).content.decode()
    page = moderator_client.get(f"{CHANGELIST}{comment.pk}/change/?_changelist_filters=status%3Dpending")

    link = f'href="{block_url(comment, "status%3Dpending")}"'
    assert f'<a class="queue-button queue-button--block" {link}>Block</a>' in queue
    assert f'<a {link} class="button">Block this sender…</a>' in page.content.decode()


def test_staff_who_may_not_moderate_cannot_open_the_block_page(client):
    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)

    assert client.get(block_url(make_comment())).status_code == 403
