"""Each rule of the pipeline on its own, then the order in which they decide."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.tests.builders import make_article
from comments import pipeline
from comments.models import BlockedSender, Comment, CommentPolicy, WordRule
from comments.tests.builders import make_comment

pytestmark = pytest.mark.django_db


def submission(**kwargs):
    kwargs.setdefault("article", make_article())
    kwargs.setdefault("name", "Asha")
    kwargs.setdefault("email", "asha@example.com")
    kwargs.setdefault("text", "Loved the trailer!")
    kwargs.setdefault("ip_address", "203.0.113.7")
    kwargs.setdefault("form_age", 60.0)
    return pipeline.Submission(**kwargs)


def test_honeypot_filled_in_is_spam():
    assert pipeline.honeypot(submission(honeypot="http://spam.example")) == pipeline.Decision(
        "spam", "honeypot", "spam: the hidden field that only robots fill in was filled in"
    )
    assert pipeline.honeypot(submission(honeypot="")) is None


def test_a_form_sent_faster_than_a_person_types_is_sent_back_the_first_time(settings):
    settings.COMMENTS_MIN_SECONDS = 3

    assert pipeline.too_fast(submission(form_age=0.4)) == pipeline.Decision(
        "retry", "too_fast", "sent back: sent 0.4 s after the form opened (minimum 3 s)"
    )
    assert pipeline.too_fast(submission(form_age=3.5)) is None


def test_the_same_form_sent_too_fast_again_is_spam(settings):
    settings.COMMENTS_MIN_SECONDS = 3

    assert pipeline.too_fast(submission(form_age=0.4, quick_tries=1)) == pipeline.Decision(
        "spam",
        "too_fast",
        "spam: sent 0.4 s after the form opened (minimum 3 s), again after being asked to check it",
    )


def test_a_form_sent_back_as_too_fast_leaves_nothing_to_store(settings):
    settings.COMMENTS_MIN_SECONDS = 3

    status, decisions = pipeline.run(submission(form_age=0.4))

    assert status is None
    assert [d.rule for d in decisions] == ["too_fast"]


def test_a_filled_trap_field_is_spam_however_fast_the_form_came_back(settings):
    settings.COMMENTS_MIN_SECONDS = 3

    status, decisions = pipeline.run(submission(form_age=0.4, honeypot="http://buy.example"))

    assert status == Comment.Status.SPAM
    assert [d.rule for d in decisions] == ["honeypot"]


def test_blocked_email_and_ip_are_rejected():
    BlockedSender.objects.create(email="troll@example.com")
    BlockedSender.objects.create(ip_address="198.51.100.9")

    assert pipeline.blocked_sender(submission(email="TROLL@example.com")).reason == (
        "rejected: blocked email troll@example.com"
    )
    assert pipeline.blocked_sender(submission(ip_address="198.51.100.9")).reason == (
        "rejected: blocked IP address 198.51.100.9"
    )
    assert pipeline.blocked_sender(submission()) is None


def test_the_same_text_from_the_same_sender_is_a_duplicate():
    make_comment(email="asha@example.com", text="Loved the trailer!")

    assert pipeline.duplicate(submission()).reason == "rejected: the same text was already sent by this sender"
    assert pipeline.duplicate(submission(text="Something new")) is None
    assert pipeline.duplicate(submission(email="other@example.com", ip_address="192.0.2.1")) is None


def test_the_same_text_from_the_same_browser_is_a_duplicate_whatever_the_email():
    make_comment(email="asha@example.com", reader_key="k" * 64, text="Loved the trailer!")

    assert pipeline.duplicate(submission(email="other@example.com", reader_key="k" * 64)) is not None
    assert pipeline.duplicate(submission(email="other@example.com", reader_key="m" * 64)) is None


def test_the_same_text_from_another_reader_behind_the_same_address_is_not_a_duplicate():
    """Carrier-grade NAT: many readers share one address, and fans write the same words."""
    make_comment(email="asha@example.com", ip_address="203.0.113.7", reader_key="k" * 64, text="Congratulations!")

    decision = pipeline.duplicate(
        submission(email="ravi@example.com", ip_address="203.0.113.7", reader_key="m" * 64, text="Congratulations!")
    )

    assert decision is None


def test_an_old_identical_comment_is_not_a_duplicate(settings):
    settings.COMMENTS_DUPLICATE_DAYS = 7
    make_comment(email="asha@example.com", text="Loved the trailer!", created_at=timezone.now() - timedelta(days=8))

    assert pipeline.duplicate(submission()) is None


def test_banned_word_is_rejected_with_the_word_named():
    WordRule.objects.create(word="Scumbag", kind=WordRule.Kind.BANNED)

    decision = pipeline.banned_word(submission(text="What a SCUMBAG, honestly."))

    assert decision == pipeline.Decision("reject", "banned_word", "rejected: banned word 'scumbag'")


def test_words_match_on_word_boundaries_only():
    WordRule.objects.create(word="ass", kind=WordRule.Kind.BANNED)

    assert pipeline.banned_word(submission(text="A classic assessment of the cast.")) is None
    assert pipeline.banned_word(submission(text="Don't be an ass!")).reason == "rejected: banned word 'ass'"


def test_a_banned_phrase_matches_whatever_the_spacing():
    WordRule.objects.create(word="buy  followers", kind=WordRule.Kind.BANNED)

    assert pipeline.banned_word(submission(text="Buy\n followers here")).reason == (
        "rejected: banned word 'buy followers'"
    )


@pytest.mark.parametrize(
    "hidden",
    ["\u200d", "\u200c", "\u200b", "\u00ad", "\u2060", "\ufe0f", "\u034f"],
    ids=["ZWJ", "ZWNJ", "zero-width space", "soft hyphen", "word joiner", "variation selector", "grapheme joiner"],
)
def test_an_invisible_character_inside_a_word_does_not_hide_it_from_the_word_rules(hidden):
    WordRule.objects.create(word="scumbag", kind=WordRule.Kind.BANNED)

    decision = pipeline.banned_word(submission(text=f"What a scum{hidden}bag."))

    assert decision.reason == "rejected: banned word 'scumbag'"


def test_suspect_word_is_held_with_the_word_named():
    WordRule.objects.create(word="xyz", kind=WordRule.Kind.SUSPECT)

    assert pipeline.suspect_word(submission(text="This is so XYZ.")) == pipeline.Decision(
        "hold", "suspect_word", "held: suspect word 'xyz'"
    )


def test_suspect_word_in_the_name_is_held_too():
    WordRule.objects.create(word="casino", kind=WordRule.Kind.SUSPECT)

    assert pipeline.suspect_word(submission(name="Casino Royale Bonus")).reason == "held: suspect word 'casino'"


def test_more_links_than_allowed_are_held(settings):
    settings.COMMENTS_MAX_LINKS = 2
    text = "See https://a.example/1 and http://b.example/2 and www.c.example"

    assert pipeline.too_many_links(submission(text=text)).reason == "held: 3 links (more than 2)"
    assert pipeline.too_many_links(submission(text="One link: https://a.example/1")) is None


def test_first_time_commenter_is_held_under_post_moderation():
    decision = pipeline.new_commenter(submission(mode=CommentPolicy.Mode.POST))

    assert decision.reason == "held: first comment from this email address"


def test_commenter_with_too_few_approved_comments_is_held_under_post_moderation(settings):
    settings.COMMENTS_TRUSTED_AFTER = 2
    make_comment(email="asha@example.com")

    decision = pipeline.new_commenter(submission(mode=CommentPolicy.Mode.POST))

    assert decision.reason == "held: 1 approved comment, trusted from 2"


def test_commenter_with_several_approved_comments_is_trusted_under_post_moderation(settings):
    settings.COMMENTS_TRUSTED_AFTER = 2
    make_comment(email="asha@example.com")
    make_comment(email="asha@example.com")

    status, decisions = pipeline.run(submission(mode=CommentPolicy.Mode.POST))

    assert status == Comment.Status.PUBLISHED
    assert [d.reason for d in decisions] == ["published: trusted commenter, post-moderation"]


def test_pre_moderation_keeps_even_a_trusted_commenter_pending():
    make_comment(email="asha@example.com")
    make_comment(email="asha@example.com")

    status, decisions = pipeline.run(submission(mode=CommentPolicy.Mode.PRE))

    assert status == Comment.Status.PENDING
    assert [d.reason for d in decisions] == ["pending: pre-moderation, waiting for a moderator"]


def test_staff_comments_are_published_at_once():
    staff = get_user_model().objects.create_user("editor", is_staff=True)

    status, decisions = pipeline.run(submission(user=staff, form_age=0.1))

    assert status == Comment.Status.PUBLISHED
    assert [d.rule for d in decisions] == ["staff"]


def test_spam_stops_the_run_before_word_rules():
    WordRule.objects.create(word="xyz", kind=WordRule.Kind.SUSPECT)

    status, decisions = pipeline.run(submission(honeypot="filled", text="xyz"))

    assert status == Comment.Status.SPAM
    assert [d.rule for d in decisions] == ["honeypot"]


def test_every_hold_is_recorded_when_several_rules_hold(settings):
    settings.COMMENTS_MAX_LINKS = 0
    WordRule.objects.create(word="xyz", kind=WordRule.Kind.SUSPECT)

    status, decisions = pipeline.run(submission(text="xyz https://a.example", mode=CommentPolicy.Mode.POST))

    assert status == Comment.Status.HELD
    assert [d.reason for d in decisions] == ["held: 1 link (more than 0)", "held: suspect word 'xyz'"]


def test_a_banned_word_rejects_a_comment_a_link_rule_would_only_hold(settings):
    settings.COMMENTS_MAX_LINKS = 0
    WordRule.objects.create(word="scum", kind=WordRule.Kind.BANNED)

    status, decisions = pipeline.run(submission(text="scum https://a.example"))

    assert status == Comment.Status.REJECTED
    assert [d.rule for d in decisions] == ["banned_word"]
