import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from articles.tests.builders import make_article
from comments.models import Comment, CommentEvent, ReplySubscription
from comments.tests.builders import make_comment, make_moderator

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def moderator_client(client):
    moderator = make_moderator()
    client.force_login(moderator)
    client.moderator = moderator
    return client


def run_action(client, action, comments, **extra):
    """A bulk action from the queue's "All comments" view: an action acts on the selected rows of the view
    it is sent from (the default view, "Waiting", has no published comment)."""
    return client.post(
        f"{CHANGELIST}?status=all",
        {"action": action, "_selected_action": [c.pk for c in comments], **extra},
        follow=True,
    )


def test_the_queues_all_comments_view_shows_every_status_in_order_of_arrival(moderator_client):
    make_comment(text="Already published")
    make_comment(text="Waiting for you", status=Comment.Status.PENDING)

    html = moderator_client.get(CHANGELIST, {"status": "all"}).content.decode()

    assert html.index("Already published") < html.index("Waiting for you")


def test_the_queue_filters_by_status_reason_and_searches_email(moderator_client):
    make_comment(text="Suspect one", status=Comment.Status.HELD, rule="suspect_word", email="x@example.com")
    make_comment(text="Plain one", status=Comment.Status.PENDING, rule="pre_moderation")

    held = moderator_client.get(CHANGELIST, {"status": "held"}).content.decode()
    by_rule = moderator_client.get(CHANGELIST, {"rule": "suspect_word"}).content.decode()
    by_email = moderator_client.get(CHANGELIST, {"q": "x@example.com"}).content.decode()

    for html in (held, by_rule, by_email):
        assert "Suspect one" in html
        assert "Plain one" not in html


def test_bulk_approve_publishes_and_records_the_moderator(moderator_client):
    comments = [make_comment(status=Comment.Status.PENDING) for _ in range(3)]

    response = run_action(moderator_client, "approve", comments)

    assert "3 comments approved." in response.content.decode()
    assert set(Comment.objects.values_list("status", flat=True)) == {"published"}
    assert CommentEvent.objects.filter(actor=moderator_client.moderator, to_status="published").count() == 3


@pytest.mark.parametrize(
    ("action", "status", "done"),
    [("reject", "rejected", "rejected"), ("spam", "spam", "marked as spam"), ("remove", "removed", "removed")],
)
def test_bulk_actions_change_the_status(moderator_client, action, status, done):
    comment = make_comment(status=Comment.Status.HELD)

    response = run_action(moderator_client, action, [comment])

    assert f"1 comment {done}." in response.content.decode()
    assert Comment.objects.get().status == status


def test_an_illegal_bulk_transition_is_refused_per_comment(moderator_client):
    published = make_comment()
    pending = make_comment(status=Comment.Status.PENDING)

    response = run_action(moderator_client, "reject", [published, pending])

    html = response.content.decode()
    assert "1 comment rejected." in html
    assert f"Cannot reject comment {published.pk}: it is published." in html
    assert Comment.objects.get(pk=published.pk).status == "published"


def test_the_admin_index_shows_the_pending_count(moderator_client):
    make_comment(status=Comment.Status.PENDING)
    make_comment(status=Comment.Status.HELD)
    make_comment()

    html = moderator_client.get("/admin/").content.decode()

    assert "2 comments awaiting moderation</a>" in html


def test_a_moderator_sees_comments_but_cannot_change_articles(moderator_client):
    article = make_article()

    assert moderator_client.get(CHANGELIST).status_code == 200
    assert moderator_client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 403
    assert moderator_client.get("/admin/articles/article/").status_code == 403
    assert moderator_client.moderator.has_perm("comments.moderate_comment")
    assert not moderator_client.moderator.has_perm("articles.change_article")


def test_staff_without_the_permission_cannot_moderate(client):
    user = get_user_model().objects.create_user("writer", password="pw", is_staff=True)
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == 403


def test_a_moderator_cannot_add_or_delete_comments(moderator_client):
    comment = make_comment()

    assert moderator_client.get(f"{CHANGELIST}add/").status_code == 403
    assert moderator_client.get(f"{CHANGELIST}{comment.pk}/delete/").status_code == 403


def test_the_change_page_shows_the_history(moderator_client):
    comment = make_comment(status=Comment.Status.HELD, reason="held: suspect word 'xyz'")
    CommentEvent.objects.create(
        comment=comment, kind="pipeline", rule="suspect_word", reason="held: suspect word 'xyz'"
    )

    html = moderator_client.get(f"{CHANGELIST}{comment.pk}/change/").content.decode()

    assert "held: suspect word &#x27;xyz&#x27;" in html


def test_export_downloads_everything_about_the_selected_email(moderator_client):
    mine = make_comment(email="asha@example.com", text="Mine")
    make_comment(email="asha@example.com", text="Also mine")
    make_comment(email="other@example.com", text="Not mine")

    response = run_action(moderator_client, "export_sender_data", [mine])

    assert response["Content-Type"] == "application/json"
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert sorted(c["text"] for c in data["comments"]) == ["Also mine", "Mine"]


def test_erase_asks_for_confirmation_then_erases(admin_client):
    mine = make_comment(email="asha@example.com", text="Mine")

    confirm = run_action(admin_client, "erase_sender_data", [mine])
    assert "asha@example.com: 1 comment" in confirm.content.decode()
    assert Comment.objects.count() == 1

    done = run_action(admin_client, "erase_sender_data", [mine], confirmed="yes")
    assert (
        "Erased the data of 1 email address: 1 comment deleted, 0 emptied because other readers replied to them."
        in done.content.decode()
    )
    assert Comment.objects.count() == 0


def test_a_moderator_is_not_offered_the_erase_action(moderator_client):
    make_comment()

    html = moderator_client.get(CHANGELIST).content.decode()

    assert 'value="export_sender_data"' in html
    assert 'value="erase_sender_data"' not in html


def test_the_comment_page_offers_the_allowed_moderation_buttons(moderator_client):
    comment = make_comment(status=Comment.Status.HELD)

    html = moderator_client.get(f"{CHANGELIST}{comment.pk}/change/").content.decode()

    assert '<input type="submit" name="_approve" value="Approve">' in html
    assert '<input type="submit" name="_remove" value="Remove">' in html
    assert 'name="_save"' not in html


def test_a_button_on_the_comment_page_moderates_it(moderator_client):
    comment = make_comment(status=Comment.Status.HELD)

    response = moderator_client.post(f"{CHANGELIST}{comment.pk}/change/", {"_approve": "Approve"}, follow=True)

    assert f"Comment {comment.pk} approved." in response.content.decode()
    assert Comment.objects.get().status == "published"
    assert CommentEvent.objects.get(kind="moderation").actor == moderator_client.moderator


def test_a_published_comment_is_not_offered_approval(moderator_client):
    comment = make_comment()

    html = moderator_client.get(f"{CHANGELIST}{comment.pk}/change/").content.decode()

    assert 'name="_approve"' not in html
    assert '<input type="submit" name="_spam" value="Mark as spam">' in html


def test_after_ten_refusals_the_rest_are_counted(moderator_client):
    published = [make_comment() for _ in range(12)]
    pending = make_comment(status=Comment.Status.PENDING)

    response = run_action(moderator_client, "reject", [*published, pending])

    shown = [str(message) for message in response.context["messages"]]
    assert shown[0] == "1 comment rejected."
    oldest_first = sorted(published, key=lambda c: c.pk)  # the queue's order
    assert shown[1:11] == [f"Cannot reject comment {c.pk}: it is published." for c in oldest_first[:10]]
    assert shown[11:] == ["…and 2 more refused."]


@pytest.fixture
def viewer_client(client):
    """Staff who may look at comments but not moderate them."""
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    return client


def test_staff_who_may_only_view_comments_are_offered_the_export_alone(viewer_client):
    make_comment()

    html = viewer_client.get(CHANGELIST).content.decode()

    assert 'value="export_sender_data"' in html
    for action in ["approve", "reject", "spam", "remove", "erase_sender_data", "delete_selected"]:
        assert f'value="{action}"' not in html


def test_a_moderation_action_sent_without_the_permission_changes_nothing(viewer_client):
    comment = make_comment(status=Comment.Status.PENDING)

    run_action(viewer_client, "approve", [comment])

    assert Comment.objects.get().status == "pending"


def test_an_administrator_is_offered_every_action(admin_client):
    make_comment()

    html = admin_client.get(CHANGELIST).content.decode()

    for action in ["approve", "reject", "spam", "remove", "export_sender_data", "erase_sender_data"]:
        assert f'value="{action}"' in html


def test_an_administrator_can_stop_a_readers_reply_emails(admin_client):
    comment = make_comment(email="asha@example.com")
    subscription = ReplySubscription.objects.create(comment=comment, email="asha@example.com")

    listing = admin_client.get("/admin/comments/replysubscription/?q=asha")
    response = admin_client.post(
        "/admin/comments/replysubscription/",
        {"action": "stop", "_selected_action": [subscription.pk]},
        follow=True,
    )

    assert "asha@example.com" in listing.content.decode()
    assert "1 reply subscription stopped." in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
