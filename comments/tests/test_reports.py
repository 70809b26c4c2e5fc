"""Readers' reports: each one in the moderators' queue at once, told apart by browser, settled by a moderator."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from comments import services
from comments.models import Comment, CommentEvent, CommentFlag
from comments.readers import BROWSER_COOKIE, browser_id, reader_key
from comments.tests.builders import make_comment, make_moderator

pytestmark = pytest.mark.django_db
Status = Comment.Status
CHANGELIST = "/admin/comments/comment/"


def report(comment, n, reason="abuse", **kwargs):
    """Report `comment` as the n-th reader: a browser and an address of their own unless told otherwise."""
    kwargs.setdefault("ip_address", f"192.0.2.{n}")
    kwargs.setdefault("reader", reader_key(f"browser-{n}"))
    return services.flag_comment(comment, reason=reason, **kwargs)


# The service ---------------------------------------------------------------------------------------


def test_readers_behind_one_address_each_report_once(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 3
    comment = make_comment()

    assert report(comment, 1, ip_address="203.0.113.9") is True
    assert report(comment, 2, ip_address="203.0.113.9") is True
    assert report(comment, 1, ip_address="203.0.113.9") is False

    assert CommentFlag.objects.filter(comment=comment).count() == 2


def test_reports_from_one_address_count_once_toward_hiding_a_comment(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    comment = make_comment()

    # A robot that drops its cookie is a new browser each time, but it has one address.
    for n in range(5):
        report(comment, n, ip_address="203.0.113.9")
    assert Comment.objects.get(pk=comment.pk).status == Status.PUBLISHED

    report(comment, 9, ip_address="198.51.100.1")
    comment.refresh_from_db()
    assert (comment.status, comment.reason) == (Status.HELD, "held: reported by 2 readers")


def test_a_report_without_a_browser_key_is_one_per_address():
    comment = make_comment()

    assert services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1") is True
    assert services.flag_comment(comment, reason="spam", ip_address="192.0.2.1") is False


def test_keeping_a_reported_comment_settles_its_reports_and_new_ones_count_afresh(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    moderator = make_moderator()
    comment = make_comment()
    report(comment, 1)

    services.keep_comment(comment, moderator=moderator)
    report(comment, 2)  # with the first report, two: but that one is settled
    assert Comment.objects.get(pk=comment.pk).status == Status.PUBLISHED

    report(comment, 3)
    comment.refresh_from_db()
    assert (comment.status, comment.reason) == (Status.HELD, "held: reported by 2 readers")


def test_approving_a_comment_reports_held_settles_that_wave_of_reports(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    moderator = make_moderator()
    comment = make_comment()
    report(comment, 1)
    report(comment, 2)
    comment.refresh_from_db()
    assert comment.status == Status.HELD

    services.approve_comment(comment, moderator=moderator)
    # The readers of the first wave cannot report again, and a new reader alone does not hide it.
    assert report(comment, 1) is False
    assert report(comment, 3) is True

    assert Comment.objects.get(pk=comment.pk).status == Status.PUBLISHED
    assert list(Comment.objects.reported()) == [comment]
    assert CommentFlag.objects.open().count() == 1


def test_keep_is_recorded_with_the_moderator_and_the_number_of_reports():
    moderator = make_moderator()
    comment = make_comment()
    report(comment, 1)
    report(comment, 2)
    now = timezone.now()

    services.keep_comment(comment, moderator=moderator, now=now)

    comment.refresh_from_db()
    assert comment.reviewed_at == now
    event = CommentEvent.objects.get(kind="moderation")
    assert (event.from_status, event.to_status, event.reason, event.actor) == (
        "published",
        "published",
        "kept after 2 reports: by mod",
        moderator,
    )


def test_keep_is_refused_without_reports_or_for_a_comment_that_is_not_published():
    moderator = make_moderator()
    unreported = make_comment()
    pending = make_comment(status=Status.PENDING)

    with pytest.raises(services.IllegalTransition, match=f"Comment {unreported.pk} has no reports waiting"):
        services.keep_comment(unreported, moderator=moderator)
    with pytest.raises(services.IllegalTransition, match=f"Cannot keep comment {pending.pk}: it is pending"):
        services.keep_comment(pending, moderator=moderator)


def test_every_moderators_decision_marks_the_comment_reviewed_but_a_hold_by_reports_does_not(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 1
    moderator = make_moderator()
    comment = make_comment()

    report(comment, 1)
    comment.refresh_from_db()
    assert (comment.status, comment.reviewed_at) == (Status.HELD, None)

    services.remove_comment(comment, moderator=moderator)
    assert Comment.objects.get(pk=comment.pk).reviewed_at is not None
    assert list(Comment.objects.reported()) == []


def test_the_purge_clears_the_browser_keys_of_old_reports_too():
    comment = make_comment()
    report(comment, 1, now=timezone.now() - timedelta(days=40))
    report(comment, 2)

    services.purge_ip_addresses(older_than_days=30)

    assert sorted(CommentFlag.objects.values_list("reporter", "reader")) == sorted(
        [("", ""), (services.reporter_key("192.0.2.2"), reader_key("browser-2"))]
    )


# The report page -----------------------------------------------------------------------------------


def test_a_report_is_thanked_and_its_browser_remembered(client):
    comment = make_comment()

    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "personal"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="comments-page__title">Thank you, we’ll take a look</h1>' in html
    assert "Your report is in our moderators’ queue now." in html
    request = RequestFactory().get("/")
    request.COOKIES = {BROWSER_COOKIE: response.cookies[BROWSER_COOKIE].value}
    flag = CommentFlag.objects.get()
    assert (flag.reason, flag.reader) == ("personal", reader_key(browser_id(request)))
    assert flag.reader != ""


def test_a_second_report_from_the_same_browser_says_it_was_already_reported(client):
    comment = make_comment()
    client.post(f"/comments/{comment.pk}/report/", {"reason": "personal"})

    again = client.post(f"/comments/{comment.pk}/report/", {"reason": "abuse"})
    form_again = client.get(f"/comments/{comment.pk}/report/")

    for response in (again, form_again):
        assert response.status_code == 200
        assert '<h1 class="comments-page__title">You had already reported this comment</h1>' in (
            response.content.decode()
        )
    assert CommentFlag.objects.count() == 1
    assert BROWSER_COOKIE not in form_again.cookies  # a page never sets the browser cookie


def test_two_readers_behind_one_address_can_both_report(client):
    comment = make_comment()
    first, second = client, Client()

    first.post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, REMOTE_ADDR="203.0.113.9")
    response = second.post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, REMOTE_ADDR="203.0.113.9")

    assert "Thank you, we’ll take a look" in response.content.decode()
    assert CommentFlag.objects.count() == 2


# The queue -------------------------------------------------------------------------------------------


@pytest.fixture
def moderator_client(client):
    client.force_login(make_moderator())
    return client


def test_a_single_report_puts_the_comment_in_the_reported_view_with_its_reasons(moderator_client, settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 3
    reported = make_comment(text="Her phone number is …")
    make_comment(text="Nobody minds this one")
    report(reported, 1, reason="abuse", now=timezone.now() - timedelta(minutes=5))
    report(reported, 2, reason="personal")

    html = moderator_client.get(CHANGELIST, {"status": "reported"}).content.decode()

    assert "Her phone number is …" in html
    assert "Nobody minds this one" not in html
    assert '<li class="selected">\n    <a href="?status=reported">Reported by readers</a></li>' in html
    assert (
        '<span class="queue-line queue-reports">2 reports</span>'
        '<span class="queue-line">Latest: Shares someone&#x27;s personal information</span>'
        '<span class="queue-line queue-muted">abuse ×1, personal ×1</span>'
    ) in html
    assert 'value="keep" data-queue-key="a" title="Keep (key a)">Keep</button>' in html


def test_a_kept_comment_leaves_the_reported_view(moderator_client):
    comment = make_comment(text="Reported, then kept")
    report(comment, 1)

    response = moderator_client.post(
        f"{CHANGELIST}{comment.pk}/decide/?_changelist_filters=status%3Dreported", {"decision": "keep"}, follow=True
    )

    assert response.redirect_chain == [(f"{CHANGELIST}?status=reported", 302)]
    html = response.content.decode()
    assert f"Comment {comment.pk} kept, and its reports settled." in html
    assert "Reported, then kept" not in html
    assert Comment.objects.get(pk=comment.pk).status == Status.PUBLISHED


def test_the_admin_index_links_to_the_reported_view(moderator_client):
    comment = make_comment()
    report(comment, 1)

    html = moderator_client.get("/admin/").content.decode()

    assert f'<a href="{CHANGELIST}?status=reported">1 comment reported by readers</a>' in html


def test_the_comment_page_offers_keep_for_a_reported_published_comment(moderator_client):
    comment = make_comment()
    report(comment, 1)

    html = moderator_client.get(f"{CHANGELIST}{comment.pk}/change/").content.decode()

    assert '<input type="submit" name="_keep" value="Keep, and settle its reports">' in html
