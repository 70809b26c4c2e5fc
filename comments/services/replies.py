"""Reply notifications, opted in and confirmed by email."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from comments import tasks
from comments.models import (
    Comment,
    ReplySubscription,
)

Status = Comment.Status


# Reply notifications --------------------------------------------------------------------------
# A commenter who ticks "Email me when someone replies" gets a confirmation email; once they confirm,
# every reply published in their comment's thread after their comment (replies to replies join the
# thread) is emailed to them once. Emails go out through comments/tasks.py after the commit, so a rolled
# back change sends nothing and a slow mail server never holds the database's write lock.


def subscribe_to_replies(comment, *, now=None):
    """Ask the commenter to confirm reply notifications for this comment (double opt-in).

    Nothing for spam and rejected comments (a robot must not make us email the address it typed) or
    without an address. Returns the subscription, or None.
    """
    if not comment.email or comment.status in (Status.SPAM, Status.REJECTED):
        return None
    subscription, created = ReplySubscription.objects.get_or_create(
        comment=comment, defaults={"email": comment.email, "created_at": now or timezone.now()}
    )
    if created:
        transaction.on_commit(partial(tasks.send_subscription_confirmation.enqueue, subscription.pk))
    return subscription


@transaction.atomic
def confirm_reply_subscription(subscription, *, now=None):
    """The reader confirmed from their mailbox: replies are emailed from now on. Confirming twice is fine."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def resend_reply_confirmation(subscription):
    """A new confirmation email, for a reader whose link expired before they opened it."""
    if subscription.confirmed_at is not None or subscription.unsubscribed_at is not None:
        return subscription
    ReplySubscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)
    transaction.on_commit(partial(tasks.send_subscription_confirmation.enqueue, subscription.pk))
    return subscription


@transaction.atomic
def unsubscribe_from_replies(subscription, *, now=None):
    """Stop the emails about this comment's replies. Safe to repeat: the first time is kept."""
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


@transaction.atomic
def resubscribe_to_replies(subscription):
    """Undo an unsubscription (from the page the unsubscribe link opens). Needs the address confirmed."""
    if subscription.unsubscribed_at is not None:
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def reply_published(comment):
    """After the commit, tell the thread's subscribers about this reply (the task checks again, and once).

    Most threads have no subscriber: one query here saves queuing a task for every published reply.
    """
    if comment.parent_id is not None and tasks.subscriptions_for(comment).exists():
        transaction.on_commit(partial(tasks.notify_reply_subscribers.enqueue, comment.pk))


def export_reply_subscriptions(emails):
    subscriptions = ReplySubscription.objects.filter(email__in=emails).prefetch_related("notifications")
    return [
        {
            "comment_id": s.comment_id,
            "email": s.email,
            "created_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at and s.confirmed_at.isoformat(),
            "unsubscribed_at": s.unsubscribed_at and s.unsubscribed_at.isoformat(),
            "emails_about_replies": [
                {"reply_id": n.reply_id, "sent_at": n.sent_at and n.sent_at.isoformat()} for n in s.notifications.all()
            ],
        }
        for s in subscriptions.order_by("created_at", "pk")
    ]
