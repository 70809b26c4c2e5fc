from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.tests.builders import make_article, make_section
from comments import services
from comments.models import Comment, CommentEvent, CommentFlag, CommentPolicy, WordRule
from comments.tests.builders import make_comment, make_moderator

pytestmark = pytest.mark.django_db
Status = Comment.Status


def submit(article=None, **kwargs):
    kwargs.setdefault("name", "Asha")
    kwargs.setdefault("email", "asha@example.com")
    kwargs.setdefault("text", "Loved the trailer!")
    kwargs.setdefault("ip_address", "203.0.113.7")
    kwargs.setdefault("form_age", 60.0)
    return services.submit_comment(article=article or make_article(), **kwargs)


def test_submitted_comment_is_stored_pending_with_its_decision():
    comment = submit()

    assert comment.status == Status.PENDING
    assert comment.reason == "pending: pre-moderation, waiting for a moderator"
    assert list(comment.events.values_list("kind", "rule", "to_status")) == [("pipeline", "pre_moderation", "pending")]


def test_held_comment_records_its_reason_for_the_moderator():
    WordRule.objects.create(word="xyz", kind=WordRule.Kind.SUSPECT)

    comment = submit(text="Such xyz vibes")

    assert comment.status == Status.HELD
    assert comment.rule == "suspect_word"
    assert comment.reason == "held: suspect word 'xyz'"


def test_email_is_stored_in_lower_case():
    assert submit(email=" Asha@Example.COM ").email == "asha@example.com"


def test_a_closed_article_refuses_comments_and_stores_nothing():
    article = make_article(comments_open=False)

    with pytest.raises(services.CommentsClosed):
        submit(article)

    assert Comment.objects.count() == 0


def test_a_section_policy_closes_its_articles_and_an_article_policy_reopens_one():
    section = make_section()
    CommentPolicy.objects.create(section=section, mode=CommentPolicy.Mode.CLOSED)
    closed = make_article(section=section)
    reopened = make_article(section=section)
    CommentPolicy.objects.create(article=reopened, mode=CommentPolicy.Mode.POST)

    assert services.policy_for(closed).is_open is False
    assert services.policy_for(reopened).mode == "post"
    assert services.policy_for(reopened).is_open is True


def test_comments_close_by_themselves_after_the_configured_days(settings):
    settings.COMMENTS_AUTO_CLOSE_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=31))
    fresh = make_article(published_at=timezone.now() - timedelta(days=29))

    assert services.policy_for(old).reason == "Comments closed 30 days after publication."
    assert services.policy_for(fresh).is_open is True


def test_an_article_policy_of_zero_days_never_closes(settings):
    settings.COMMENTS_AUTO_CLOSE_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=400))
    CommentPolicy.objects.create(article=old, mode=CommentPolicy.Mode.PRE, auto_close_days=0)

    assert services.policy_for(old).is_open is True


def test_post_moderation_publishes_a_trusted_commenter_at_once(settings):
    settings.COMMENTS_TRUSTED_AFTER = 1
    article = make_article()
    CommentPolicy.objects.create(article=article, mode=CommentPolicy.Mode.POST)
    make_comment(email="asha@example.com")

    assert submit(article).status == Status.PUBLISHED


def test_rate_limit_per_ip_refuses_with_the_seconds_to_wait(settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 2
    settings.COMMENTS_RATE_LIMIT_WINDOW = 600
    article = make_article()
    submit(article, email="a@example.com", text="one")
    submit(article, email="b@example.com", text="two")

    with pytest.raises(services.RateLimited) as limited:
        submit(article, email="c@example.com", text="three")

    assert limited.value.what == "IP address"
    assert 598 <= limited.value.retry_after <= 600
    assert Comment.objects.count() == 2


def test_rate_limit_per_email_counts_across_addresses(settings):
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 1
    submit(ip_address="192.0.2.1", text="one")

    with pytest.raises(services.RateLimited) as limited:
        submit(ip_address="192.0.2.2", text="two")

    assert limited.value.what == "email address"


def test_comments_older_than_the_window_do_not_count(settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 1
    settings.COMMENTS_RATE_LIMIT_WINDOW = 60
    make_comment(ip_address="203.0.113.7", created_at=timezone.now() - timedelta(seconds=61))

    assert submit().status == Status.PENDING


def test_a_reply_to_a_reply_joins_the_top_level_thread():
    top = make_comment()
    reply = make_comment(parent=top)

    comment = submit(top.article, parent=reply)

    assert comment.parent == top


def test_a_reply_to_an_unpublished_comment_is_refused():
    pending = make_comment(status=Status.PENDING)

    with pytest.raises(ValidationError):
        submit(pending.article, parent=pending)


def test_approve_records_who_and_from_which_status():
    moderator = make_moderator()
    comment = make_comment(status=Status.HELD)

    services.approve_comment(comment, moderator=moderator)

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    event = comment.events.get(kind=CommentEvent.Kind.MODERATION)
    assert (event.actor, event.from_status, event.to_status) == (moderator, "held", "published")


@pytest.mark.parametrize(
    ("service", "status", "message"),
    [
        (services.approve_comment, Status.REMOVED, "Cannot approve comment {pk}: it is removed after publication."),
        (services.reject_comment, Status.PUBLISHED, "Cannot reject comment {pk}: it is published."),
        (services.remove_comment, Status.PENDING, "Cannot remove comment {pk}: it is pending (awaiting moderation)."),
        (services.mark_spam, Status.SPAM, "Cannot mark as spam comment {pk}: it is spam."),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(service, status, message):
    comment = make_comment(status=status)

    with pytest.raises(services.IllegalTransition) as refused:
        service(comment, moderator=make_moderator())

    assert refused.value.messages == [message.format(pk=comment.pk)]
    comment.refresh_from_db()
    assert comment.status == status


def test_removal_is_soft():
    comment = make_comment()

    services.remove_comment(comment, moderator=make_moderator())

    assert Comment.objects.get(pk=comment.pk).status == Status.REMOVED


def test_a_user_without_the_moderation_permission_cannot_approve():
    user = get_user_model().objects.create_user("writer", is_staff=True)

    with pytest.raises(services.IllegalTransition):
        services.approve_comment(make_comment(status=Status.PENDING), moderator=user)


def test_enough_reports_send_a_comment_back_to_moderation(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    comment = make_comment()

    services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1")
    assert comment.status == Status.PUBLISHED
    services.flag_comment(comment, reason="spam", ip_address="192.0.2.2")

    comment.refresh_from_db()
    assert comment.status == Status.HELD
    assert comment.reason == "held: reported by 2 readers"


def test_one_reader_reporting_twice_counts_once(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    comment = make_comment()

    assert services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1") is True
    assert services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1") is False

    assert CommentFlag.objects.count() == 1
    assert Comment.objects.get(pk=comment.pk).status == Status.PUBLISHED


def test_reports_keep_a_keyed_hash_not_the_address():
    comment = make_comment()

    services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1")

    reporter = CommentFlag.objects.get().reporter
    assert len(reporter) == 64
    assert "192.0.2.1" not in reporter


def test_purge_clears_old_ip_addresses_only():
    month_ago = timezone.now() - timedelta(days=31)
    old = make_comment(ip_address="192.0.2.1", user_agent="Firefox", reader_key="k" * 64, created_at=month_ago)
    recent = make_comment(ip_address="192.0.2.2", user_agent="Chrome", reader_key="m" * 64)

    assert services.purge_ip_addresses(older_than_days=30) == (1, 0)
    assert services.purge_ip_addresses(older_than_days=30) == (0, 0)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent, old.reader_key) == (None, "", "")
    assert (recent.ip_address, recent.user_agent, recent.reader_key) == ("192.0.2.2", "Chrome", "m" * 64)


def test_export_lists_everything_about_an_email_address():
    mine = make_comment(email="asha@example.com", text="Mine", ip_address="192.0.2.1")
    make_comment(email="other@example.com", text="Not mine")

    data = services.export_sender_data(["Asha@example.com"])

    assert data["emails"] == ["asha@example.com"]
    assert [(c["id"], c["text"], c["ip_address"]) for c in data["comments"]] == [(mine.pk, "Mine", "192.0.2.1")]


def test_erase_deletes_comments_and_empties_those_others_replied_to():
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    alone = make_comment(email="asha@example.com")
    answered = make_comment(email="asha@example.com", text="Answered")
    others_reply = make_comment(parent=answered, email="other@example.com")

    assert services.erase_sender_data(["asha@example.com"], moderator=admin) == (1, 1)

    assert not Comment.objects.filter(pk=alone.pk).exists()
    answered.refresh_from_db()
    assert (answered.name, answered.email, answered.text, answered.status) == ("[erased]", "", "[erased]", "removed")
    assert Comment.objects.filter(pk=others_reply.pk).exists()
    assert not Comment.objects.filter(email="asha@example.com").exists()


def test_a_moderator_cannot_erase_data():
    with pytest.raises(services.IllegalTransition):
        services.erase_sender_data(["asha@example.com"], moderator=make_moderator())


def test_a_long_browser_name_is_cut_to_the_columns_length():
    comment = submit(user_agent="Mozilla/5.0 " + "x" * 400)

    assert len(comment.user_agent) == Comment._meta.get_field("user_agent").max_length == 300


def test_a_long_moderation_reason_is_cut_to_the_columns_length():
    comment = make_comment(status=Status.PENDING)

    services.approve_comment(comment, moderator=make_moderator(), reason="Because " * 60)

    event = comment.events.get(kind=CommentEvent.Kind.MODERATION)
    assert len(event.reason) == CommentEvent._meta.get_field("reason").max_length == 300


def test_a_comment_submitted_at_a_past_time_is_stored_and_recorded_at_that_time():
    then = timezone.now() - timedelta(days=2)

    comment = submit(now=then)

    assert (comment.created_at, comment.status_changed_at) == (then, then)
    assert list(comment.events.values_list("created_at", flat=True)) == [then]


def test_the_rate_limit_window_ends_at_the_given_time(settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 1
    settings.COMMENTS_RATE_LIMIT_WINDOW = 600
    then = timezone.now() - timedelta(days=2)
    submit(now=then, email="a@example.com", text="one")

    with pytest.raises(services.RateLimited):
        submit(now=then + timedelta(seconds=599), email="b@example.com", text="two")
    assert submit(now=then + timedelta(seconds=601), email="c@example.com", text="three").created_at > then


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.approve_comment, Status.PENDING),
        (services.reject_comment, Status.PENDING),
        (services.mark_spam, Status.PENDING),
        (services.remove_comment, Status.PUBLISHED),
    ],
)
def test_a_moderation_at_a_past_time_is_recorded_at_that_time(service, status):
    comment = make_comment(status=status)
    then = timezone.now() - timedelta(hours=5)

    service(comment, moderator=make_moderator(), now=then)

    comment.refresh_from_db()
    assert comment.status_changed_at == then
    assert comment.events.get(kind=CommentEvent.Kind.MODERATION).created_at == then


def test_reports_at_a_past_time_are_recorded_at_that_time(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 1
    comment = make_comment()
    then = timezone.now() - timedelta(hours=5)

    services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1", now=then)

    comment.refresh_from_db()
    assert comment.status_changed_at == then
    assert CommentFlag.objects.get().created_at == then
    assert set(comment.events.values_list("created_at", flat=True)) == {then}


def test_the_hold_by_reports_is_recorded_as_the_flags_rules_decision(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    comment = make_comment()

    services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1")
    services.flag_comment(comment, reason="spam", ip_address="192.0.2.2")

    comment.refresh_from_db()
    assert (comment.status, comment.rule, comment.reason) == ("held", "flags", "held: reported by 2 readers")
    history = comment.events.values_list("kind", "rule", "from_status", "to_status", "reason", "actor")
    assert list(history) == [
        ("flag", "", "", "", "reported by a reader: abuse (1 in all)", None),
        ("flag", "", "", "", "reported by a reader: spam (2 in all)", None),
        ("pipeline", "flags", "published", "held", "held: reported by 2 readers", None),
    ]


def test_only_a_published_comment_can_be_held_by_reports():
    comment = make_comment(status=Status.REJECTED)

    with pytest.raises(services.IllegalTransition) as refused:
        services.transition(comment, Status.HELD, moderator=None, rule="flags", reason="held: reported")

    assert refused.value.messages == [f"Cannot hold comment {comment.pk}: it is rejected."]


def test_a_policy_that_closes_after_one_day_says_so_in_the_singular():
    article = make_article(published_at=timezone.now() - timedelta(days=2))
    CommentPolicy.objects.create(article=article, mode=CommentPolicy.Mode.PRE, auto_close_days=1)

    assert services.policy_for(article).reason == "Comments closed 1 day after publication."


def test_one_report_enough_to_hold_is_said_in_the_singular(settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 1
    comment = make_comment()

    services.flag_comment(comment, reason="abuse", ip_address="192.0.2.1")

    comment.refresh_from_db()
    assert comment.reason == "held: reported by 1 reader"
