"""
A large, realistic data set, written fast.

Pictures are drawn by the demo's generator (demo/pictures.py) and go through the Image model (validation
aside), their renditions written before anything shows them; a handful is shared by every article.
Everything else is written with bulk_create in one transaction: articles get explicit ids so that their
author and tag rows can be built without reading them back, and body_html is rendered with the model's own
renderer for a few distinct bodies, then reused.
"""

import random
from datetime import timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.body import render_body
from articles.models import Article, Author, Image, Section, Tag
from articles.services import link_social_posts
from articles.tasks import write_renditions
from demo import content, pictures
from social.models import SocialPost

BATCH_SIZE = 2000
# The rings are drawn in the demo's section palettes (demo/content/articles.toml).
PALETTES = [section["palette"] for section in content.read("articles")["sections"]]
IMAGE_COUNT = 6
AUTHOR_COUNT = 40
SECTIONS = ["Bollywood", "Hollywood", "K-Drama", "Lifestyle", "Fashion & Beauty", "Music", "Television", "Celebrity"]
STARS = [
    "Priyanka Chopra", "Shah Rukh Khan", "Deepika Padukone", "Ranveer Singh", "Alia Bhatt", "Zendaya",
    "Timothée Chalamet", "Taylor Swift", "John Legend", "Lee Min-ho", "Song Hye-kyo", "Park Seo-joon",
    "Rihanna", "Dua Lipa", "Kareena Kapoor", "Ryan Gosling", "Margot Robbie", "Ayushmann Khurrana",
    "Jennie Kim", "Hrithik Roshan",
]  # fmt: skip
DOES = [
    "opens up about", "surprises fans with", "confirms", "responds to rumours about", "celebrates",
    "shares first look at", "walks out of", "teases", "breaks silence on", "announces",
]  # fmt: skip
THINGS = [
    "a new film", "the Met Gala look", "a world tour", "a wedding anniversary", "the trailer", "a comeback album",
    "a festival debut", "the season finale", "a skincare line", "the award-night speech", "a surprise cameo",
    "a charity gala", "the box-office record", "a Netflix series", "a fashion week finale",
]  # fmt: skip
TOPICS = [
    "Box office", "Red carpet", "Trailers", "Weddings", "Streaming", "Awards", "Fashion week", "Music videos",
    "Interviews", "Reviews", "Skincare", "Festivals", "Reality TV", "Web series", "Tours", "Style",
]  # fmt: skip
PARAGRAPH = (
    "{star} spoke to reporters on Tuesday evening about the project, which has been in the works for "
    "nearly two years. “It is the most personal thing I have done,” the star said, adding that the team "
    "*rewrote the ending three times* before filming began. Fans have followed every update on social "
    "media, and the first pictures from the set were shared more than a million times within a day."
)


def seed(articles):
    """Fill an empty, migrated database with `articles` articles and what they refer to."""
    rng = random.Random(articles)  # the same size always gives the same data set
    images = make_images()
    with transaction.atomic():
        sections = Section.objects.bulk_create(
            Section(name=name, slug=slugify(name), position=n, description=f"The latest {name} news.")
            for n, name in enumerate(SECTIONS)
        )
        authors = Author.objects.bulk_create(
            Author(name=name, slug=slugify(name), bio=f"{name} writes about stars and screens.", photo=images[n % 6])
            for n, name in enumerate(author_names())
        )
        tags = Tag.objects.bulk_create(Tag(name=name, slug=slugify(name)) for name in tag_names())
        bodies = [render_pair(rng, images) for _ in range(5)]
        now = timezone.now()
        for start in range(1, articles + 1, BATCH_SIZE):
            ids = range(start, min(start + BATCH_SIZE, articles + 1))
            batch = [make_article(rng, pk, articles, now, sections, images, bodies) for pk in ids]
            author_links = [
                Article.authors.through(article_id=pk, author_id=author.pk)
                for pk in ids
                for author in rng.sample(authors, rng.choice((1, 1, 2)))
            ]
            tag_links = [
                Article.tags.through(article_id=pk, tag_id=tag.pk) for pk in ids for tag in rng.sample(tags, 3)
            ]
            # The links before their articles (the foreign keys are checked at commit): the search index's
            # trigger then indexes each article once, with its tags and authors, instead of once more per
            # link (migration 0015). Drawn in the same order as before, so the data set is the same.
            Article.authors.through.objects.bulk_create(author_links)
            Article.tags.through.objects.bulk_create(tag_links)
            Article.objects.bulk_create(batch)
        # The articles came with their ids: PostgreSQL's sequence must start after them (SQLite needs nothing).
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Article]):
                cursor.execute(sql)
        seed_social_roundup(rng, sections[0], authors, bodies, now - timedelta(days=3))


SOCIAL_ROUNDUP_SLUG = "bench-how-fans-reacted"


def seed_social_roundup(rng, section, authors, bodies, published_at):
    """One article whose body carries 10 archived social posts from five platforms (social/)."""
    platforms = [
        ("x", "1858{:015d}", "https://x.com/i/web/status/{}"),
        ("instagram", "Bench{:06d}", "https://www.instagram.com/p/{}/"),
        ("youtube", "bench{:06d}", "https://www.youtube.com/watch?v={}"),
        ("tiktok", "7437{:015d}", "https://www.tiktok.com/@benchfan/video/{}"),
        ("facebook", "{:017d}", "https://www.facebook.com/benchpage/posts/{}/"),
    ]
    posts = []
    for n in range(10):
        platform, post_id, permalink = platforms[n % len(platforms)]
        post_id = post_id.format(n)
        posts.append(
            SocialPost.objects.create(
                platform=platform,
                post_id=post_id,
                permalink=permalink.format(post_id),
                author_name=f"{rng.choice(STARS)} fan club",
                author_handle=f"fanclub_{n}",
                text=f"Reaction number {n} to the trailer 😭🔥 #{slugify(rng.choice(STARS)).replace('-', '')} "
                f"@{slugify(rng.choice(STARS)).replace('-', '')}",
                posted_at=published_at - timedelta(hours=n),
                state=SocialPost.State.ARCHIVED,
            )
        )
    body = "\n\n".join([bodies[0][0].split("\n\n")[0], "Here's how fans reacted:", *(p.permalink for p in posts)])
    article = Article.objects.create(
        headline="How fans reacted to the trailer",
        slug=SOCIAL_ROUNDUP_SLUG,
        body=body,
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=published_at,
    )
    article.authors.set(authors[:1])
    link_social_posts(article)


def make_article(rng, pk, articles, now, sections, images, bodies):
    star, does, thing = rng.choice(STARS), rng.choice(DOES), rng.choice(THINGS)
    headline = f"{star} {does} {thing}"
    # Ids follow publication order, about one story every seven minutes; a few are drafts or scheduled.
    published_at = now - timedelta(minutes=7 * (articles - pk) + rng.randrange(5))
    status = Article.Status.PUBLISHED
    if pk % 50 == 0:
        status, published_at = Article.Status.DRAFT, None
    elif pk % 97 == 0:
        published_at = now + timedelta(days=1)
    body, body_html = rng.choice(bodies)
    return Article(
        id=pk,
        headline=headline,
        slug=slugify(headline),
        standfirst=f"{star} has fans talking after news about {thing} broke this week.",
        body=body,
        body_html=body_html,
        hero_image=rng.choice(images),
        section=sections[pk % len(sections)],
        status=status,
        published_at=published_at,
        updated_at=published_at + timedelta(hours=2) if published_at and pk % 10 == 0 else None,
    )


def render_pair(rng, images):
    """A body of about 500 words with a subheading, a quote, a list and a library picture."""
    paragraphs = [PARAGRAPH.format(star=rng.choice(STARS)) for _ in range(8)]
    image = rng.choice(images)
    body = "\n\n".join(
        [
            *paragraphs[:3],
            f"![{image.alt_text}](image:{image.pk})",
            "## What happens next",
            *paragraphs[3:5],
            f"> “We wanted it to feel true,” said {rng.choice(STARS)}. “Everything else followed from that.”",
            "- The release date is set for **next spring**\n- A [teaser](https://example.com/teaser) is out now"
            "\n- Tickets go on sale in March",
            *paragraphs[5:],
        ]
    )
    return body, render_body(body)


def make_images():
    """The pictures, their renditions written before any body that shows them is rendered.

    An upload's renditions are a task run after its commit (by the worker under TASK_BACKEND=database):
    the bench writes them here and now, so the bodies it renders carry them from the start.
    """
    with transaction.atomic():
        images = [make_image(n) for n in range(IMAGE_COUNT)]
    for image in images:
        write_renditions.call(image.pk, image.file.name)
    return list(Image.objects.filter(pk__in=[image.pk for image in images]).order_by("pk"))


def make_image(n):
    return pictures.save(
        pictures.draw(f"bench-{n}", PALETTES[n], "rings", (1600, 900)),
        name=f"bench-{n}.jpg",
        alt_text=f"Bench picture {n}: rings on a coloured background",
        caption="A picture drawn for the benchmark.",
        credit="Newsroom",
    )


def author_names():
    first = ["Priya", "Arjun", "Meera", "Rohan", "Ananya", "Kabir", "Sara", "Vikram", "Ji-woo", "Emma"]
    last = ["Sharma", "Kapoor", "Iyer", "Mehta", "Park", "Fernandes", "Khan", "Rao"]
    return [f"{a} {b}" for b in last for a in first][:AUTHOR_COUNT]


def tag_names():
    """About 200 tags: every star, every topic, and each star with each of a few topics."""
    yield from STARS
    yield from TOPICS
    for star in STARS:
        for topic in TOPICS[:8]:
            yield f"{star} {topic.lower()}"


BUSY_THREAD_SLUG = "bench-busy-thread"
BUSY_THREAD_COMMENTS = 500


def seed_busy_thread():
    """One story with 500 published comments (the article page's thread at its longest), unless it is there.

    Run on every bench start rather than in seed(), so that a data set seeded before this page joins the
    bench gets it too; written like bench/queue.py's comments, counted once by the comment services.
    """
    from comments.models import Comment
    from comments.services import recount_published

    if Article.objects.filter(slug=BUSY_THREAD_SLUG).exists():
        return
    rng = random.Random(BUSY_THREAD_COMMENTS)
    now = timezone.now()
    # In the second section, three days old: the first section's pages and the home page's newest stories
    # (the other scenarios) stay as seeded.
    model = Article.objects.published().filter(section=Section.objects.all()[1]).order_by("-published_at").first()
    with transaction.atomic():
        article = Article.objects.create(
            headline="The reunion everyone is talking about",
            slug=BUSY_THREAD_SLUG,
            standfirst=model.standfirst,
            body=model.body,
            hero_image=model.hero_image,
            section=model.section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=3),
        )
        article.authors.set(model.authors.all())
        article.tags.set(model.tags.all())
        Comment.objects.bulk_create(
            Comment(
                article=article,
                name=f"Fan {n}",
                email=f"fan{n}@thread.example",
                text=f"{rng.choice(STARS)} {rng.choice(DOES)} {rng.choice(THINGS)}: comment {n} of the thread.",
                status="published",
                rule="post_moderation",
                reason="published: trusted commenter, post-moderation",
                ip_address=f"172.17.{n >> 8}.{n & 255 or 1}",
                created_at=now - timedelta(days=3) + timedelta(minutes=5 * n),
                status_changed_at=now,
            )
            for n in range(BUSY_THREAD_COMMENTS)
        )
        recount_published([article.pk])
