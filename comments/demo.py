"""
Demo comments for `make run`: every state a moderator meets (published with replies, pending, held with
their reasons, rejected, spam, removed), word lists, a post-moderated section, and one story with 200+
published comments to show pagination. Runs after articles.demo; adds nothing when its comments exist.
"""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import ngettext

from articles.models import Article
from comments import services
from comments.models import Comment, CommentEvent, CommentPolicy, WordRule

DEMO_DOMAIN = "demo.newsroom.test"
BIG_THREAD_COMMENTS = 220

NAMES = [
    "Ananya", "Rohan", "Meera", "Kabir", "Ji-woo", "Sofia", "Arjun", "Priya", "Min-jun", "Zara",
    "Vikram", "Leila", "Ishaan", "Hana", "Devika", "Omar", "Tara", "Nikhil", "Seo-yeon", "Riya",
]  # fmt: skip
LINES = [
    "This is exactly the kind of story I come here for. Thank you!",
    "I watched the trailer three times already. Chills every time.",
    "Honestly the soundtrack is what sold it for me.",
    "Not sure about the casting, but I'll give it a chance.",
    "The costumes in the first look are stunning.",
    "Can we talk about how good the supporting cast is?",
    "Been waiting for this since the announcement last year!",
    "The director's last film was a masterpiece, so expectations are high.",
    "My whole family is going opening night.",
    "Finally some good news this week.",
    "That red carpet look was iconic.\nNo notes.",
    "I read the book first: the ending had better stay the same.",
    "Full interview is here: https://www.youtube.com/watch?v=demo",
    "Underrated performance, she deserved the award.",
    "The chemistry between the leads is unreal.",
]
REPLIES = [
    "Completely agree!",
    "Same here, I can't wait.",
    "I felt the same way after the first episode.",
    "Good point, I hadn't thought of that.",
    "Ha, my sister said exactly this.",
    "Respectfully, I disagree: the original was better.",
]
WORDS = [("scumbag", WordRule.Kind.BANNED), ("idiot", WordRule.Kind.BANNED), ("paid pr", WordRule.Kind.SUSPECT)]
WORDS += [("boycott", WordRule.Kind.SUSPECT), ("fake", WordRule.Kind.SUSPECT)]

# (status, rule, reason, name, text) for the moderation queue of each demo story.
QUEUE = [
    ("pending", "pre_moderation", "pending: pre-moderation, waiting for a moderator", "Aditi",
     "Does anyone know when tickets go on sale in Pune?"),
    ("held", "suspect_word", "held: suspect word 'paid pr'", "Karan",
     "This whole rollout smells like paid PR to me."),
    ("held", "links", "held: 3 links (more than 2)", "Deals4U",
     "Watch free at http://a.example http://b.example and http://c.example"),
    ("held", "first_time", "held: first comment from this email address", "Yuna",
     "First time commenting, love this site!"),
    ("rejected", "banned_word", "rejected: banned word 'idiot'", "Angry fan",
     "Only an idiot would like this film."),
    ("spam", "honeypot", "spam: the hidden field that only robots fill in was filled in", "Cheap followers",
     "Buy 10k followers now, best price"),
    ("spam", "too_fast", "spam: sent 0.4 s after the form opened (minimum 3 s)", "SEO Agency",
     "Great post! Visit our agency for backlinks."),
]  # fmt: skip


def load(stdout):
    if Comment.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        stdout.write("Demo comments: already there, nothing added.")
        return
    articles = list(Article.objects.published().select_related("section").order_by("-published_at", "-id")[:6])
    if not articles:
        stdout.write("Demo comments: no published articles yet, so no comments added.")
        return
    for word, kind in WORDS:
        WordRule.objects.get_or_create(word=word, defaults={"kind": kind})
    rng = random.Random(4)  # the same demo on every machine
    now = timezone.now()
    big, others = articles[0], articles[1:]
    CommentPolicy.objects.get_or_create(article=big, defaults={"mode": CommentPolicy.Mode.POST, "auto_close_days": 0})
    for article in articles:
        # Demo stories may be older than the auto-close period; keep them open so the form shows.
        CommentPolicy.objects.get_or_create(article=article, defaults={"auto_close_days": 0})

    made = add_conversation(big, BIG_THREAD_COMMENTS, rng, now)
    for article in others:
        made += add_conversation(article, rng.randint(3, 8), rng, now)
    for index, article in enumerate(articles[:3]):
        made += add_queue(article, index, now)
    made += add_removed(others[0] if others else big, now)
    services.recount_published([article.pk for article in articles])  # the rows above bypass the services
    stdout.write(
        "Demo comments: {} on {}, in every moderation state.".format(
            ngettext("%(n)d comment", "%(n)d comments", made) % {"n": made},
            ngettext("%(n)d story", "%(n)d stories", len(articles)) % {"n": len(articles)},
        )
    )


def demo_email(name, n):
    return f"{name.lower().replace(' ', '.').replace('-', '')}.{n}@{DEMO_DOMAIN}"


def comment_time(article, now, rng):
    start = max(article.published_at, now - timedelta(days=3))
    return start + (now - start) * rng.random()


def add_conversation(article, total, rng, now):
    """`total` published comments: threads of a top-level comment and up to three replies."""
    tops, replies = [], []
    while len(tops) + len(replies) < total:
        name = rng.choice(NAMES)
        top = Comment(
            article=article,
            name=name,
            email=demo_email(name, len(tops)),
            text=rng.choice(LINES),
            status=Comment.Status.PUBLISHED,
            rule="pre_moderation",
            reason="approved by a moderator",
            created_at=comment_time(article, now, rng),
        )
        tops.append(top)
        for _ in range(min(rng.choice([0, 0, 1, 2, 3]), total - len(tops) - len(replies))):
            replies.append((top, rng.choice(NAMES), rng.choice(REPLIES)))
    Comment.objects.bulk_create(tops)
    reply_rows = []
    for n, (top, name, text) in enumerate(replies):
        at = top.created_at + (now - top.created_at) * rng.random()
        reply_rows.append(
            Comment(
                article=article,
                parent=top,
                name=name,
                email=demo_email(name, 1000 + n),
                text=text,
                status=Comment.Status.PUBLISHED,
                rule="pre_moderation",
                reason="approved by a moderator",
                created_at=at,
            )
        )
    Comment.objects.bulk_create(reply_rows)
    record_history([*tops, *reply_rows], approved=True)
    return len(tops) + len(reply_rows)


def add_queue(article, offset, now):
    rows = []
    for n, (status, rule, reason, name, text) in enumerate(QUEUE):
        rows.append(
            Comment(
                article=article,
                name=name,
                email=demo_email(name, 5000 + offset * 100 + n),
                text=text if offset == 0 else f"{text} ({article.section.name})",
                status=status,
                rule=rule,
                reason=reason,
                ip_address=f"192.0.2.{10 + n}",
                user_agent="Mozilla/5.0 (demo)",
                created_at=now - timedelta(minutes=15 * (n + 1) + offset * 7),
            )
        )
    Comment.objects.bulk_create(rows)
    record_history(rows, approved=False)
    return len(rows)


def add_removed(article, now):
    comment = Comment.objects.create(
        article=article,
        name="Troll",
        email=demo_email("troll", 9000),
        text="Published by mistake, then taken down after readers reported it.",
        status=Comment.Status.REMOVED,
        rule="flags",
        reason="held: reported by 3 readers",
        created_at=now - timedelta(hours=5),
    )
    CommentEvent.objects.bulk_create(
        [
            CommentEvent(comment=comment, kind="pipeline", rule="pre_moderation", to_status="pending",
                         reason="pending: pre-moderation, waiting for a moderator", created_at=comment.created_at),
            CommentEvent(comment=comment, kind="flag", reason="reported by a reader: abuse (3 in all)",
                         created_at=now - timedelta(hours=3)),
            CommentEvent(comment=comment, kind="moderation", from_status="held", to_status="removed",
                         reason="remove: demo moderator", created_at=now - timedelta(hours=2)),
        ]
    )  # fmt: skip
    return 1


def record_history(comments, *, approved):
    events = []
    for comment in comments:
        first = "pending" if approved else comment.status
        events.append(
            CommentEvent(
                comment=comment,
                kind=CommentEvent.Kind.PIPELINE,
                rule=comment.rule,
                to_status=first,
                reason="pending: pre-moderation, waiting for a moderator" if approved else comment.reason,
                created_at=comment.created_at,
            )
        )
        if approved:
            events.append(
                CommentEvent(
                    comment=comment,
                    kind=CommentEvent.Kind.MODERATION,
                    from_status="pending",
                    to_status="published",
                    reason="approve: demo moderator",
                    created_at=comment.created_at,
                )
            )
    CommentEvent.objects.bulk_create(events)
