"""
Background work of comments: the emails of reply notifications.

Each task takes ids (JSON for any backend), reads the rows afresh and checks again that its email is
still wanted, so it can run late, twice or after a failure: every email is claimed in the database
before it is sent (a conditional UPDATE), so two runs never send it twice, and a failed send gives the
claim back, queues the next try with a back-off (newsroom/tasks.py: 1, 5, 25 minutes… when the backend can
run a task later, as the database backend can) and raises, for the backend to record. They run after the commit
of the change that asked for them (comments/services/ enqueues with transaction.on_commit), outside any
transaction, so a slow mail server never holds the database's write lock.
"""

import logging
from functools import partial

from django.db.models import Q
from django_tasks import task

from comments import notifications
from comments.models import Comment, ReplyNotification, ReplySubscription
from newsroom.tasks import send_once

logger = logging.getLogger(__name__)


@task()
def send_subscription_confirmation(subscription_id, attempt=1):
    """Send the "please confirm" email of a new subscription. Returns whether it was sent."""
    subscription = ReplySubscription.objects.filter(pk=subscription_id).select_related("comment__article").first()
    if subscription is None or subscription.confirmed_at or subscription.unsubscribed_at:
        return False
    return send_once(
        subscription,
        "confirmation_sent_at",
        partial(notifications.confirmation_email, subscription),
        task=send_subscription_confirmation,
        args=[subscription_id],
        attempt=attempt,
        logger=logger,
        what=f"the confirmation email of reply subscription {subscription_id}",
    )


def subscriptions_for(reply):
    """The confirmed subscriptions a published reply concerns.

    The thread's top-level comment's, and those of earlier replies in the thread (a reply to a reply
    joins the top-level thread, so a later reply in it is the nearest thing to a reply to theirs), of
    published comments only; never the reply's own author.
    """
    earlier_in_thread = Q(comment__parent_id=reply.parent_id, comment__created_at__lt=reply.created_at)
    return (
        ReplySubscription.objects.filter(
            Q(comment_id=reply.parent_id) | earlier_in_thread,
            comment__status=Comment.Status.PUBLISHED,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        .exclude(comment_id=reply.pk)
        .exclude(email=reply.email)
    )


def subscribers_to_tell(reply):
    """The subscriptions to email about this published reply, one per address, the earliest of each."""
    one_per_address = {}
    for subscription in subscriptions_for(reply).order_by("created_at", "pk"):
        one_per_address.setdefault(subscription.email, subscription)
    return list(one_per_address.values())


@task()
def notify_reply_subscribers(reply_id):
    """Enqueue one email per subscriber about a reply that was just published. Returns how many."""
    reply = Comment.objects.filter(pk=reply_id, status=Comment.Status.PUBLISHED, parent__isnull=False).first()
    if reply is None:
        return 0  # unpublished again, or erased, before this ran
    subscriptions = subscribers_to_tell(reply)
    for subscription in subscriptions:
        send_reply_notification.enqueue(subscription.pk, reply.pk)
    return len(subscriptions)


@task()
def send_reply_notification(subscription_id, reply_id, attempt=1):
    """Email one subscriber about one reply, at most once ever. Returns whether it was sent."""
    subscription = ReplySubscription.objects.filter(pk=subscription_id).select_related("comment").first()
    reply = (
        Comment.objects.filter(pk=reply_id, status=Comment.Status.PUBLISHED).select_related("article__section").first()
    )
    if subscription is None or reply is None or not subscription.is_active() or reply.email == subscription.email:
        return False
    notification, _ = ReplyNotification.objects.get_or_create(subscription=subscription, reply=reply)
    return send_once(
        notification,
        "sent_at",
        partial(notifications.reply_email, subscription, reply),
        task=send_reply_notification,
        args=[subscription_id, reply_id],
        attempt=attempt,
        logger=logger,
        what=f"reply {reply_id} to reply subscription {subscription_id}",
    )
