"""
The emails of reply notifications and the signed links in them.

Links carry the subscription's id signed with SECRET_KEY (django.core.signing), so they work without an
account or a login and cannot be made up: the confirmation link is timestamped and expires after
COMMENTS_REPLY_CONFIRM_MAX_AGE; the unsubscribe link never expires, since a reader may want to stop
the emails years later. Emails are plain text, written from templates/comments/email/.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from articles import site_settings
from articles.links import absolute_url
from comments.models import ReplySubscription

CONFIRM_SALT = "comments.replies.confirm"
UNSUBSCRIBE_SALT = "comments.replies.unsubscribe"
EXCERPT_CHARACTERS = 500


class BadLink(Exception):
    """A link that was changed, cut short or made up, or whose subscription is gone."""


class ExpiredLink(Exception):
    """An authentic confirmation link opened too late; `subscription` is the one it was for."""

    def __init__(self, subscription):
        self.subscription = subscription
        super().__init__(f"The confirmation link of subscription {subscription.pk} has expired.")


def confirmation_token(subscription):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.pk))


def unsubscribe_token(subscription):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def find_subscription(pk):
    found = ReplySubscription.objects.select_related("comment__article__section").filter(pk=pk).first()
    if found is None:
        raise BadLink("No such subscription.")
    return found


def subscription_to_confirm(token):
    """The subscription a confirmation link is for. Raises BadLink, or ExpiredLink when only too old."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        pk = signer.unsign(token, max_age=settings.COMMENTS_REPLY_CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        # The signature is ours, only old: the reader may ask for a new link to the same address.
        raise ExpiredLink(find_subscription(signer.unsign(token))) from None
    except signing.BadSignature:
        raise BadLink("The confirmation link was changed or cut short.") from None
    return find_subscription(pk)


def subscription_to_stop(token):
    """The subscription an unsubscribe link is for. Raises BadLink."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        raise BadLink("The unsubscribe link was changed or cut short.") from None
    return find_subscription(pk)


def masked(email):
    """asha@example.com as a•••@example.com: enough for a reader to recognise their address on a page."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


def one_line(text):
    return " ".join(text.split())


def confirmation_email(subscription):
    comment = subscription.comment
    context = {
        "name": comment.name,
        "headline": one_line(comment.article.headline),
        "comment_url": absolute_url(f"{comment.article.get_absolute_url()}#comment-{comment.pk}"),
        "confirm_url": absolute_url(reverse("comments:confirm-replies", args=[confirmation_token(subscription)])),
        "valid_days": max(1, round(settings.COMMENTS_REPLY_CONFIRM_MAX_AGE / 86400)),
        "site_name": site_settings.site_name(),
    }
    return EmailMessage(
        subject=one_line(render_to_string("comments/email/confirm_subject.txt", context)),
        body=render_to_string("comments/email/confirm_body.txt", context),
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def reply_email(subscription, reply):
    """The email about one reply, with the one-click unsubscribe of RFC 8058 in its headers and body."""
    article = reply.article
    unsubscribe_url = absolute_url(reverse("comments:stop-replies", args=[unsubscribe_token(subscription)]))
    context = {
        "name": subscription.comment.name,
        "replier": reply.name,
        "headline": one_line(article.headline),
        "excerpt": Truncator(reply.text).chars(EXCERPT_CHARACTERS),
        "reply_url": absolute_url(f"{article.get_absolute_url()}#comment-{reply.pk}"),
        "own_reply": subscription.comment.parent_id is not None,
        "unsubscribe_url": unsubscribe_url,
        "site_name": site_settings.site_name(),
    }
    return EmailMessage(
        subject=one_line(render_to_string("comments/email/reply_subject.txt", context)),
        body=render_to_string("comments/email/reply_body.txt", context),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
