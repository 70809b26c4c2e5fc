"""
The demo's sections, authors, tags and stories, from demo/content/articles.toml.

Each story is entered the way an editor enters one: saved as a draft through save_article with what the editor
types, then published or scheduled through articles.services (publish_article, schedule_article) as the
site itself (actor=None: no editor's role applies, every readiness check does); drafts stay drafts.
Pictures are drawn by demo/pictures.py, seeded by the story's slug, so the same story always gets the same
picture. Everything is looked up by slug and only created when missing, so a second run adds and changes
nothing, and an editor's changes to demo content survive the next `make run`.
"""

from django.utils import timezone

from articles.models import Article, Author, Section, Tag
from articles.services import publish_article, save_article, schedule_article
from demo import content, pictures

HERO_SIZE = (1600, 900)
PICTURE_SIZE = (1200, 675)
CREDIT = "Newsroom illustration"


def load(stdout):
    data = content.read("articles")
    created = 0
    sections = {}
    for fields in data["sections"]:
        sections[fields["slug"]], is_new = get_or_create_section(fields)
        created += is_new
    authors = {}
    for fields in data["authors"]:
        authors[fields["slug"]], is_new = get_or_create_author(fields)
        created += is_new
    tags = {}
    for slug, name in data["tags"].items():
        tags[slug], is_new = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        created += is_new
    styles = {fields["slug"]: fields for fields in data["sections"]}
    now = timezone.now().replace(second=0, microsecond=0)
    stories = data["articles"]
    existing = set(Article.objects.filter(slug__in=[s["slug"] for s in stories]).values_list("slug", flat=True))
    for story in stories:
        if story["slug"] not in existing:
            create_article(story, styles[story["section"]], sections, authors, tags, now)
            created += 1
    stdout.write(
        f"Demo content: {len(sections)} sections, {len(authors)} authors, {len(tags)} tags, "
        f"{len(stories)} articles ({created} new)."
    )


def section_data(slug):
    """A section's fields in articles.toml, for the other demo modules that file stories in it."""
    return next(fields for fields in content.read("articles")["sections"] if fields["slug"] == slug)


def author_data(slug):
    return next(fields for fields in content.read("articles")["authors"] if fields["slug"] == slug)


def get_or_create_section(fields):
    return Section.objects.get_or_create(
        slug=fields["slug"],
        defaults={"name": fields["name"], "description": fields["description"], "position": fields["position"]},
    )


def get_or_create_author(fields):
    author = Author.objects.filter(slug=fields["slug"]).first()
    if author is not None:
        return author, False
    photo = pictures.save(
        pictures.draw_portrait(fields["name"], fields["colour"]),
        name=f"author-{fields['slug']}.jpg",
        alt_text=f"The initials of {fields['name']} in white on a {fields['colour_name']} circle",
        credit=CREDIT,
    )
    return Author.objects.create(slug=fields["slug"], name=fields["name"], bio=fields["bio"], photo=photo), True


def create_article(story, style, sections, authors, tags, now):
    section = sections[story["section"]]
    motif = story.get("motif", style["motif"])
    hero = pictures.save(
        pictures.draw(story["slug"], style["palette"], motif, HERO_SIZE, label=section.name),
        name=f"{story['slug']}.jpg",
        alt_text=pictures.describe(motif, style["palette_name"], label=section.name),
        caption=story["caption"],
        credit=CREDIT,
    )
    body = story["body"].strip()
    if "picture" in story:
        motif = story["picture"]["motif"]
        picture = pictures.save(
            pictures.draw(story["slug"] + "/picture", style["palette"], motif, PICTURE_SIZE),
            name=f"{story['slug']}-picture.jpg",
            alt_text=pictures.describe(motif, style["palette_name"]),
            caption=story["picture"]["caption"],
            credit=CREDIT,
        )
        body = body.replace("image:PICTURE", f"image:{picture.pk}")
    published_at = publication_time(story, now)
    updated_at = None
    if "updated_after" in story:
        updated_at = published_at + content.duration_of(story, "updated_after", "articles")
    article = Article(
        slug=story["slug"],
        headline=story["headline"],
        standfirst=story["standfirst"],
        body=body,
        hero_image=hero,
        section=section,
        updated_at=updated_at,
        comments_open=story.get("comments_open", True),
        comment_prompt=story.get("comment_prompt", ""),
    )
    # Saved as an editor's form saves a story, so that it starts its history (a revision, "created") as theirs do.
    save_article(article, actor=None)
    article.authors.set([authors[slug] for slug in story["authors"]])
    article.tags.set([tags[slug] for slug in story["tags"]])
    # The demo publishes as the site itself (actor=None), through the same services and checks as an editor.
    if published_at is not None and published_at > now:
        schedule_article(article, at=published_at, actor=None, now=now)
    elif published_at is not None:
        publish_article(article, at=published_at, actor=None)
    return article


def publication_time(story, now):
    """When the story goes out: `published_ago` or `published_in` from now; None for a draft."""
    if "published_in" in story:
        return now + content.duration_of(story, "published_in", "articles")
    if "published_ago" in story:
        return now - content.duration_of(story, "published_ago", "articles")
    return None
