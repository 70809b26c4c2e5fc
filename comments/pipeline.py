"""
The checks every posted comment passes, in order. Each rule is a small function that looks at a
`Submission` and returns a `Decision` or None ("nothing to say"). The first rule that rejects or marks
spam ends the run; holds are collected (a comment can be held for several reasons, all recorded) and the
moderation policy decides what happens to a comment no rule stopped. Every decision is stored with the
comment as a CommentEvent, so a moderator sees why a comment is where it is.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from comments import folding
from comments import text as writing
from comments.models import BlockedSender, Comment, CommentPolicy, WordRule

ACCEPT, HOLD, REJECT, SPAM = "accept", "hold", "reject", "spam"
# Nothing is stored: the reader is asked to check the form and send it again (the time trap's first answer).
RETRY = "retry"

LINK_RE = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|info|biz|io|ru|xyz|top|in)\b", re.I)


@dataclass(frozen=True)
class Decision:
    action: str  # accept, hold, reject, spam or retry
    rule: str  # the rule's name, used to filter the moderation queue
    reason: str  # shown to the moderator, e.g. "held: suspect word 'xyz'"


@dataclass
class Submission:
    article: object
    name: str
    email: str
    text: str
    mode: str = CommentPolicy.Mode.PRE
    parent: object = None
    ip_address: str | None = None
    user_agent: str = ""
    user: object = None
    honeypot: str = ""
    form_age: float | None = None  # seconds between the form being served and being posted
    quick_tries: int = 0  # how many times this form was already sent back as too fast
    reader_key: str = ""  # the browser's keyed hash (comments.readers.reader_key)
    now: object = field(default_factory=timezone.now)

    @cached_property
    def word_rules(self):
        """The editable word lists, read once per submission: a moderator's edit counts from the next comment."""
        return list(WordRule.objects.values_list("word", "kind"))

    # The name and the text folded once for the word rules and the duplicate check (comments/folding.py).
    @cached_property
    def folded_name(self):
        return folding.fold(self.name)

    @cached_property
    def folded_text(self):
        return folding.fold(self.text)

    @cached_property
    def fingerprint(self):
        """What the duplicate check compares (`Comment.text_fingerprint`)."""
        return folding.fingerprint_of(self.folded_text)

    @property
    def is_staff(self):
        return bool(self.user is not None and self.user.is_authenticated and self.user.is_staff)


# Rules, in the order they run -------------------------------------------------------------------


def staff_member(sub):
    if sub.is_staff:
        return Decision(ACCEPT, "staff", "published: written by a member of staff")
    return None


def honeypot(sub):
    if sub.honeypot:
        return Decision(SPAM, "honeypot", "spam: the hidden field that only robots fill in was filled in")
    return None


def too_fast(sub):
    """A form sent back faster than a person writes: asked again the first time, spam when it happens again.

    A person who pasted their comment gets "That was quick" and a fresh form; only a second too-fast post
    of that same form (the count travels signed in the form's token) is stored, as spam.
    """
    minimum = settings.COMMENTS_MIN_SECONDS
    if sub.form_age is None or sub.form_age >= minimum:
        return None
    age = max(sub.form_age, 0.0)  # the signing clock may be a hair ahead of this one
    if sub.quick_tries:
        reason = (
            f"spam: sent {age:.1f} s after the form opened (minimum {minimum:g} s), again after being asked to check it"
        )
        return Decision(SPAM, "too_fast", reason)
    return Decision(RETRY, "too_fast", f"sent back: sent {age:.1f} s after the form opened (minimum {minimum:g} s)")


def blocked_sender(sub):
    query = Q(email=sub.email.lower()) if sub.email else Q(pk__in=[])
    if sub.ip_address:
        query |= Q(ip_address=sub.ip_address)
    blocked = BlockedSender.objects.filter(query).first()
    if blocked is None:
        return None
    what = f"email {blocked.email}" if blocked.email else f"IP address {blocked.ip_address}"
    return Decision(REJECT, "blocked", f"rejected: blocked {what}")


def duplicate(sub):
    # The same email or the same browser, not the same address: readers behind one carrier address
    # (carrier-grade NAT) write the same "Congratulations!" without being one sender.
    same_sender = Q(email=sub.email) if sub.email else Q(pk__in=[])
    if sub.reader_key:
        same_sender |= Q(reader_key=sub.reader_key)
    window = sub.now - timedelta(days=settings.COMMENTS_DUPLICATE_DAYS)
    # Compared folded: a change of case, spacing, punctuation or look-alike letters is the same text.
    if Comment.objects.filter(same_sender, text_fingerprint=sub.fingerprint, created_at__gte=window).exists():
        return Decision(REJECT, "duplicate", "rejected: the same text was already sent by this sender")
    return None


def banned_word(sub):
    return word_rule(sub, WordRule.Kind.BANNED, Decision(REJECT, "banned_word", "rejected: banned word '{}'"))


def too_many_links(sub):
    links = len(LINK_RE.findall(sub.text))
    limit = settings.COMMENTS_MAX_LINKS
    if links > limit:
        reason = ngettext(
            "held: %(links)d link (more than %(limit)d)", "held: %(links)d links (more than %(limit)d)", links
        )
        return Decision(HOLD, "links", reason % {"links": links, "limit": limit})
    return None


def suspect_word(sub):
    return word_rule(sub, WordRule.Kind.SUSPECT, Decision(HOLD, "suspect_word", "held: suspect word '{}'"))


def new_commenter(sub):
    """Under post-moderation, only commenters with enough approved comments are published at once."""
    if sub.mode != CommentPolicy.Mode.POST:
        return None
    needed = settings.COMMENTS_TRUSTED_AFTER
    approved = (
        Comment.objects.filter(email=sub.email, status=Comment.Status.PUBLISHED)[:needed].count() if sub.email else 0
    )
    if approved == 0:
        return Decision(HOLD, "first_time", "held: first comment from this email address")
    if approved < needed:
        reason = ngettext(
            "held: %(approved)d approved comment, trusted from %(needed)d",
            "held: %(approved)d approved comments, trusted from %(needed)d",
            approved,
        )
        return Decision(HOLD, "not_trusted", reason % {"approved": approved, "needed": needed})
    return None


RULES = [staff_member, honeypot, too_fast, blocked_sender, duplicate, banned_word, too_many_links, suspect_word]
POLICY_RULES = [new_commenter]


def run(sub):
    """Run the rules; return the comment's status and every decision that led to it.

    The status is None when a rule asks the reader to send the form again: nothing is to be stored.
    """
    decisions = []
    for rule in RULES:
        decision = rule(sub)
        if decision is None:
            continue
        decisions.append(decision)
        if decision.action == RETRY:
            return None, decisions
        if decision.action == ACCEPT:
            return Comment.Status.PUBLISHED, decisions
        if decision.action == SPAM:
            return Comment.Status.SPAM, decisions
        if decision.action == REJECT:
            return Comment.Status.REJECTED, decisions
    if any(d.action == HOLD for d in decisions):
        return Comment.Status.HELD, decisions
    for rule in POLICY_RULES:
        decision = rule(sub)
        if decision is not None:
            decisions.append(decision)
            return Comment.Status.HELD, decisions
    if sub.mode == CommentPolicy.Mode.POST:
        decisions.append(Decision(ACCEPT, "post_moderation", "published: trusted commenter, post-moderation"))
        return Comment.Status.PUBLISHED, decisions
    decisions.append(Decision(ACCEPT, "pre_moderation", "pending: pre-moderation, waiting for a moderator"))
    return Comment.Status.PENDING, decisions


# Word matching --------------------------------------------------------------------------------


def word_rule(sub, kind, decision):
    """`decision`, its reason naming the rule, when the name or the text has a word of this kind.

    The reason names the word as the reader wrote it too when it differs from the rule ("rejected: banned
    word 'idiot' written as 'і d і о t'"), so the moderator sees what the rule caught.
    """
    match = first_match(sub, kind)
    if match is None:
        return None
    reason = decision.reason.format(match.rule)
    # Invisible characters are left out of the comparison: "scum\u200dbag" reads as the rule it matched.
    if " ".join(writing.without_invisible(match.written).lower().split()) != match.rule:
        reason += f" written as '{match.written}'"
    return replace(decision, reason=reason)


def first_match(sub, kind):
    """The first rule of the given kind found in the name or the text (a `folding.Match`), or None.

    Both sides are folded (comments/folding.py): look-alike letters, accents, spaced-out letters and
    leetspeak count as the word they spell, still on word boundaries. The rules are compiled once for as
    long as they stay the same.
    """
    rules = folding.compiled_rules(tuple(sorted(word for word, word_kind in sub.word_rules if word_kind == kind)))
    return rules.search(sub.folded_name) or rules.search(sub.folded_text)
