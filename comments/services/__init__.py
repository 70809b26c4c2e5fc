"""
Everything that changes comments. The views, the admin actions, the management commands and the demo
all call these functions, so a comment behaves the same whatever the entry point. One module a concern:

- `common`: refusing a change (IllegalTransition), fitting text to its column, the article's published count;
- `posting`: a reader's comment through the policy, the rate limits and the pipeline;
- `decisions`: every status change through `transition()`, readers' reports, blocking a sender, the
  Moderator group;
- `privacy`: what is kept about readers, for how long, their export and erasure;
- `likes`: one like per browser per comment;
- `replies`: reply notifications, opted in and confirmed by email.
"""

from comments.services.common import (
    IllegalTransition,
    fit,
    recount_published,
)
from comments.services.decisions import (
    ALLOWED_FROM,
    MODERATOR_GROUP,
    VERBS,
    BlockResult,
    approve_comment,
    block_sender,
    ensure_moderator_group,
    flag_comment,
    keep_comment,
    mark_spam,
    reject_comment,
    remove_comment,
    reporter_key,
    transition,
)
from comments.services.likes import (
    Like,
    TooManyLikes,
    check_like_limits,
    like_address_key,
    like_comment,
    liked_by,
    purge_like_keys,
)
from comments.services.posting import (
    RATE_LIMIT_NOTICES,
    CommentsClosed,
    EffectivePolicy,
    RateLimited,
    TooFast,
    check_rate_limits,
    policy_for,
    resolve_policy,
    serialize_sender,
    submit_comment,
    wait_in_words,
)
from comments.services.privacy import (
    ERASED_NAME,
    delete_comments,
    erase_sender_data,
    export_sender_data,
    purge_ip_addresses,
)
from comments.services.replies import (
    confirm_reply_subscription,
    export_reply_subscriptions,
    reply_published,
    resend_reply_confirmation,
    resubscribe_to_replies,
    subscribe_to_replies,
    unsubscribe_from_replies,
)

__all__ = [
    "ALLOWED_FROM",
    "BlockResult",
    "CommentsClosed",
    "ERASED_NAME",
    "EffectivePolicy",
    "IllegalTransition",
    "Like",
    "MODERATOR_GROUP",
    "RATE_LIMIT_NOTICES",
    "RateLimited",
    "TooFast",
    "TooManyLikes",
    "VERBS",
    "approve_comment",
    "block_sender",
    "check_like_limits",
    "check_rate_limits",
    "confirm_reply_subscription",
    "delete_comments",
    "ensure_moderator_group",
    "erase_sender_data",
    "export_reply_subscriptions",
    "export_sender_data",
    "fit",
    "flag_comment",
    "keep_comment",
    "like_address_key",
    "like_comment",
    "liked_by",
    "mark_spam",
    "policy_for",
    "purge_ip_addresses",
    "purge_like_keys",
    "recount_published",
    "reject_comment",
    "remove_comment",
    "reply_published",
    "reporter_key",
    "resend_reply_confirmation",
    "resolve_policy",
    "resubscribe_to_replies",
    "serialize_sender",
    "submit_comment",
    "subscribe_to_replies",
    "transition",
    "unsubscribe_from_replies",
    "wait_in_words",
]
