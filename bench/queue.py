"""
The moderation queue with 100,000 comments (issue 8): `make bench BENCH_ARGS=--comments` seeds them into
the bench's database once and reports what each view of the queue costs, in-process, signed in as a
moderator: its queries, the CPU time of the whole request, and the SQL's share (bench/pages.py:inspect).

The comments are spread over the recent stories of every section but the first and the last (whose
articles the page benchmark and the comment posting load use, so their numbers stay comparable) the way
a busy site's are: most published, some
waiting, rejected, spam or removed, from 25,000 senders of whom a few wrote thousands, 1% of the
published ones reported by readers. Rows are written with bulk_create; the stored comment counts are recounted
once at the end.
"""

import itertools
import json
import random
import time
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import databases

COMMENTS = 100_000
SENDERS = 25_000
BATCH_SIZE = 5_000
MARKER = "comments-seed.json"
MODERATOR = "bench-moderator"
SENDER_DOMAIN = "@fans.example"
STATUSES = [  # (status, share, the pipeline's rule and reason)
    ("published", 0.86, "post_moderation", "published: trusted commenter, post-moderation"),
    ("pending", 0.06, "pre_moderation", "pending: pre-moderation, waiting for a moderator"),
    ("held", 0.03, "first_time", "held: first comment from this email address"),
    ("rejected", 0.03, "banned_word", "rejected: banned word 'scam'"),
    ("spam", 0.015, "honeypot", "spam: the hidden field that only robots fill in was filled in"),
    ("removed", 0.005, "post_moderation", "published: trusted commenter, post-moderation"),
]
WORDS = [
    "loved", "the", "look", "stunning", "trailer", "film", "song", "finally", "waiting", "years", "queen", "king",
    "best", "night", "fans", "tour", "album", "scene", "cast", "director", "music", "dance", "outfit", "red",
    "carpet", "interview", "teaser", "release", "date", "tickets", "show", "season", "yaar", "kamaal", "🔥", "😍",
]  # fmt: skip


def views():
    """The queue's views to measure, as (name, path)."""
    base = reverse("admin:comments_comment_changelist")
    return [
        ("queue: waiting (default)", base),
        ("queue: waiting, page 20", f"{base}?p=20"),
        ("queue: reported", f"{base}?status=reported"),
        ("queue: all comments", f"{base}?status=all"),
        ("queue: search", f"{base}?q=trailer"),
    ]


def seed(directory, comments=COMMENTS):
    """Write `comments` comments into the bench database of `directory`, unless a seed of that size is there."""
    marker = directory / MARKER
    if marker.exists() and json.loads(marker.read_text()).get("comments") == comments:
        return {**json.loads(marker.read_text()), "reused": True}
    from articles.models import Article, Section
    from comments.models import Comment, CommentFlag
    from comments.services import recount_published

    print(f"Seeding {comments:,} comments for the moderation queue", flush=True)
    started = time.monotonic()
    rng = random.Random(comments)
    now = timezone.now()
    # Not the first section (the page benchmark's article) nor the last (the comment posting load's).
    recent = (
        Article.objects.published()
        .exclude(section__in=[Section.objects.first(), Section.objects.last()])
        .order_by("-published_at")
    )
    articles = list(recent.values_list("pk", flat=True)[:3000])
    with transaction.atomic():
        made = iter(make_comments(rng, articles, comments, now))
        while batch := list(itertools.islice(made, BATCH_SIZE)):
            Comment.objects.bulk_create(batch)
        published = Comment.objects.filter(email__endswith=SENDER_DOMAIN, status="published")
        reports = make_reports(rng, list(published.values_list("pk", flat=True)), now)
        CommentFlag.objects.bulk_create(reports)
        recount_published()
    databases.analyze(connection)
    made = {"comments": comments, "reports": len(reports), "seconds": round(time.monotonic() - started, 1)}
    marker.write_text(json.dumps(made))
    return {**made, "reused": False}


def make_comments(rng, articles, comments, now):
    """The comments, the newest stories getting the most, over the last 30 days."""
    from comments.models import Comment

    statuses, weights = [row[0] for row in STATUSES], [row[1] for row in STATUSES]
    decided = {status: (rule, reason) for status, _, rule, reason in STATUSES}
    for _ in range(comments):
        status = rng.choices(statuses, weights)[0]
        # Half the comments come from prolific senders (the busiest wrote a few thousand), half from
        # anyone: the history counts differ from row to row, and some are large.
        sender = int(rng.paretovariate(1.2) * 20) % SENDERS if rng.random() < 0.5 else rng.randrange(SENDERS)
        yield Comment(
            article_id=articles[int(rng.triangular(0, len(articles) - 1, 0))],
            name=f"Fan {sender}",
            email=f"fan{sender}{SENDER_DOMAIN}",
            text=" ".join(rng.choices(WORDS, k=rng.randrange(8, 40))).capitalize() + ".",
            status=status,
            rule=decided[status][0],
            reason=decided[status][1],
            ip_address=f"172.16.{(sender >> 8) & 255}.{sender & 255}",
            created_at=now - timedelta(minutes=rng.randrange(30 * 24 * 60)),
            status_changed_at=now,
        )


def make_reports(rng, published_ids, now):
    """Reports on 1% of the published comments, one to three readers each, over the last three days."""
    from comments.models import CommentFlag

    return [
        CommentFlag(
            comment_id=pk,
            reason=rng.choice(CommentFlag.Reason.values),
            reporter=f"bench-{pk}-{reader}",
            reader=f"bench-{pk}-{reader}",
            created_at=now - timedelta(minutes=rng.randrange(3 * 24 * 60)),
        )
        for pk in rng.sample(published_ids, len(published_ids) // 100)
        for reader in range(rng.choice((1, 1, 1, 2, 3)))
    ]


def measure():
    """Each view of the queue once for its queries, then the medians of 30 more (bench/pages.py:inspect)."""
    from django.contrib.auth import get_user_model

    from bench import pages
    from comments.models import Comment
    from comments.services import ensure_moderator_group

    moderator, _ = get_user_model().objects.get_or_create(username=MODERATOR, defaults={"is_staff": True})
    moderator.groups.add(ensure_moderator_group())
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(moderator)
    rows = []
    for name, path in views():
        page = pages.inspect(path, client=client)
        if page.status != 200:
            raise SystemExit(f"The {name} view answered {page.status}, not 200.")
        rows.append(
            {
                "name": name,
                "path": path,
                "bytes": page.bytes,
                "queries": page.queries,
                "cpu_ms": page.cpu_ms,
                "sql_ms": page.sql_ms,
            }
        )
    counts = {
        "comments": Comment.objects.count(),
        "waiting": Comment.objects.awaiting_moderation().count(),
        "reported": Comment.objects.reported().count(),
    }
    return {"counts": counts, "views": rows}


def summary(result):
    counts = result["counts"]
    lines = [
        f"Moderation queue with {counts['comments']:,} comments ({counts['waiting']:,} waiting, "
        f"{counts['reported']:,} reported), signed in as a moderator, in-process:",
        "",
        "| view | bytes | queries | CPU ms | SQL ms |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {row['name']} | {row['bytes']} | {row['queries']} | {row['cpu_ms']:.1f} | {row['sql_ms']:.1f} |"
        for row in result["views"]
    ]
    return "\n".join(lines)
