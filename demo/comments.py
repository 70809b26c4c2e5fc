"""
The demo's reader comments, from demo/content/comments.toml: every state a moderator meets (published with
replies, pending, held with their reasons, rejected, spam, removed), the word lists, a post-moderated
story, and one story with 200+ published comments to show pagination.

Every comment is sent through comments.services.submit_comment, so the pipeline decides its status and
records why, and moderated through the same verbs as the admin's buttons, at realistic times over the
last days. Each demo reader has an email and an address of their own, so the pipeline's rate limits and
duplicate rule (which count per sender) let every comment through to its intended rule. Runs after the
article demos; adds nothing when its comments exist.
"""

import ipaddress
import random
from datetime import timedelta
from itertools import count

from django.conf import settings
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, CommentPolicy, WordRule
from comments.services import approve_comment, flag_comment, remove_comment, submit_comment
from demo import content

DEMO_DOMAIN = "demo.newsroom.test"
BIG_THREAD_COMMENTS = 220
# The long thread goes on a reactions roundup (demo/content/social.toml), so one stable page has both 100+
# comments and social posts: the page `make audit` judges (bench/audit.py). Without it, the newest story.
BIG_THREAD_SLUG = "dil-se-dobara-first-day-how-fans-reacted"
STORIES = 6
APPROVED = "approve: demo moderator"
REMOVED = "remove: demo moderator"
USER_AGENT = "Mozilla/5.0 (demo)"
FIRST_READER_ADDRESS = ipaddress.ip_address("2001:db8::1")  # the range kept for documentation


def load(stdout):
    if Comment.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        stdout.write("Demo comments: already there, nothing added.")
        return
    open_stories = Article.objects.published().filter(comments_open=True).select_related("section")
    articles = list(open_stories.order_by("-published_at", "-id")[:STORIES])
    if not articles:
        stdout.write("Demo comments: no published articles yet, so no comments added.")
        return
    data = content.read("comments")
    for kind, words in data["words"].items():
        for word in words:
            WordRule.objects.get_or_create(word=word, defaults={"kind": kind})
    big = open_stories.filter(slug=BIG_THREAD_SLUG).first() or articles[0]
    others = [article for article in articles if article != big][: STORIES - 1]
    articles = [big, *others]
    CommentPolicy.objects.get_or_create(article=big, defaults={"mode": CommentPolicy.Mode.POST, "auto_close_days": 0})
    for article in articles:
        # Demo stories may be older than the auto-close period; keep them open so the form shows.
        CommentPolicy.objects.get_or_create(article=article, defaults={"auto_close_days": 0})

    demo = Demo(data, now=timezone.now())
    made = demo.conversation(big, BIG_THREAD_COMMENTS)
    for article in others:
        made += demo.conversation(article, demo.rng.randint(3, 8))
    for offset, article in enumerate(others[:3] or [big]):
        made += demo.queue(article, offset)
    made += demo.first_time(big)
    made += demo.reported(others[0] if others else big)
    stdout.write(f"Demo comments: {made} comments on {len(articles)} stories, in every moderation state.")


class Demo:
    def __init__(self, data, *, now):
        self.data = data
        self.now = now
        self.rng = random.Random(4)  # the same demo on every machine
        self.readers = count()

    def send(self, article, name, text, at, *, parent=None, honeypot="", form_age=None, quick_tries=0):
        """A comment from a new reader, sent at `at` through the pipeline."""
        n = next(self.readers)
        return submit_comment(
            article=article,
            name=name,
            email=f"{name.lower().replace(' ', '.').replace('-', '')}.{n}@{DEMO_DOMAIN}",
            text=text,
            parent=parent,
            ip_address=str(FIRST_READER_ADDRESS + n),
            user_agent=USER_AGENT,
            honeypot=honeypot,
            form_age=self.rng.uniform(20, 600) if form_age is None else form_age,
            quick_tries=quick_tries,
            now=at,
        )

    def moment(self, article, fraction):
        """The time `fraction` of the way from the start of the story's comments (3 days at most) to now."""
        start = max(article.published_at, self.now - timedelta(days=3))
        return start + (self.now - start) * fraction

    def soon_after(self, at):
        """When a moderator gets to a comment sent at `at`: a little later, never after now."""
        return at + (self.now - at) * self.rng.uniform(0.01, 0.1)

    def approved(self, comment):
        return approve_comment(comment, moderator=None, reason=APPROVED, now=self.soon_after(comment.created_at))

    def conversation(self, article, total):
        """`total` published comments: threads of a top-level comment and up to three replies."""
        names, lines, replies = self.data["names"], self.data["lines"], self.data["replies"]
        made = 0
        while made < total:
            name, text = self.rng.choice(names), self.rng.choice(lines)
            top = self.approved(self.send(article, name, text, self.moment(article, self.rng.random())))
            made += 1
            for _ in range(min(self.rng.choice([0, 0, 1, 2, 3]), total - made)):
                # A reader can only answer a comment once a moderator has published it.
                at = top.status_changed_at + (self.now - top.status_changed_at) * self.rng.random()
                name, text = self.rng.choice(names), self.rng.choice(replies)
                self.approved(self.send(article, name, text, at, parent=top))
                made += 1
        return made

    def queue(self, article, offset):
        """The moderation queue: one comment for each rule, sent in the last stretch before now."""
        for n, item in enumerate(self.data["queue"]):
            at = self.moment(article, 1 - 0.02 * (n + 1) - 0.01 * offset)
            self.send(article, item["name"], item["text"], at, **form_fields(item))
        return len(self.data["queue"])

    def first_time(self, article):
        item = self.data["first_time"]
        self.send(article, item["name"], item["text"], self.moment(article, 0.97), **form_fields(item))
        return 1

    def reported(self, article):
        """Published, reported by enough readers to go back to the moderators, then removed."""
        item = self.data["reported"]
        comment = self.approved(self.send(article, item["name"], item["text"], self.moment(article, 0.3)))
        for n in range(settings.COMMENTS_FLAGS_TO_HOLD):
            reader = str(FIRST_READER_ADDRESS + next(self.readers))
            flag_comment(comment, reason=item["flag"], ip_address=reader, now=self.moment(article, 0.5 + 0.05 * n))
        remove_comment(comment, moderator=None, reason=REMOVED, now=self.moment(article, 0.7))
        return 1


def form_fields(item):
    return {key: item[key] for key in ("honeypot", "form_age", "quick_tries") if key in item}
