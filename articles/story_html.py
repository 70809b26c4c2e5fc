"""
A story's own part of its page, rendered when the story changes rather than on every request
(docs/caching.md, "The story's own HTML").

The header, picture, body with its social posts' cards, corrections, topics and share links
(jinja2/articles/includes/story.html), and the page's meta tags and structured data, show only the story and
what it names: its section, authors, tags, pictures and posts. The article keeps them as it last rendered them
(Article.story_html: the HTML and what the page needs besides, the ids of what it shows), with the key they
were rendered under (Article.story_html_key): this code and its settings (`code_version`) and the row's
`modified_at`. A page uses them while the key is the one the row would be rendered under now, and renders
them otherwise, storing what it rendered for the next reader (`keep`).

What the row's own save does not move is told by the page cache's invalidations (newsroom/page_cache.py,
`invalidated`, through ArticlesConfig.page_cache_invalidated), inside the writer's transaction: a renamed
author, section or tag, a post marked gone or corrected, saved site settings expire the parts of every story
that shows them (`expire_what_tags_show`), and new renditions or a hero picture's words edited those of the
stories that show it (invalidation.py); they render again when next read. A story's own change renders its
parts at once, after the commit (invalidation.py).

Beside the part, each story keeps its compact list item (Article.rail_item) for other stories' Read next and
Most talked about and home's Trending, which read it with their rows (articles/views.py, rail_stories).

Every store is conditional on the key the parts were rendered from, so a page rendered from rows read
before a change is never stored after that change expired it: the expiry writes a key nobody rendered under.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.db.models import Case, JSONField, Q, Value, When
from django.dispatch import receiver
from django.template.loader import render_to_string

from articles import page_meta, site_settings
from articles.body import article_body_parts
from articles.compiled import NO_ROW, CompiledQuery
from articles.list_items import authors_of, rail_item_head
from articles.models import Article, ArticleNote, ArticleSocialPost, Tag
from newsroom.logs import now_and_then
from newsroom.page_cache import SITE

log = logging.getLogger(__name__)

# What the stored HTML is made by besides the rows: the code and templates (a deploy renders every story again,
# as it is next read) and the settings that reach the HTML.
SOURCES = ("articles", "social", "newsroom", "jinja2")
RENDER_SETTINGS = ("SITE_URL", "TIME_ZONE", "LANGUAGE_CODE", "MEDIA_URL", "STATIC_URL", "IMAGE_RENDITION_WIDTHS")


@cache
def code_version():
    """A digest of this checkout's reader code and templates and of RENDER_SETTINGS, made once per process."""
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in (".py", ".html") and "tests" not in path.parts and "migrations" not in path.parts:
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update(repr([getattr(settings, name) for name in RENDER_SETTINGS]).encode())
    return digest.hexdigest()[:32]


@receiver(setting_changed)
def forget_code_version(**kwargs):
    code_version.cache_clear()


def key_for(modified_at):
    """The key the parts of a story last modified at `modified_at` are rendered under now."""
    return f"{code_version()}|{modified_at.isoformat()}"


@dataclass(frozen=True)
class StoryParts:
    """What the story's page takes from its own part: `html` (story.html), the head's `meta` tags and
    structured data, the `title` and `description` of the document, and the ids of what it shows, for the
    page's other reads (Read next wants the tags) and the page cache's tags."""

    html: str
    meta: str
    title: str
    description: str
    tag_ids: tuple = ()
    author_ids: tuple = ()
    post_ids: tuple = ()
    platforms: tuple = ()  # the posts' platforms, whose frames "Load original post" may open
    # The story's item in other stories' rails, kept in a column of its own (Article.rail_item, read with the
    # rails' rows): its item_head, address and authors' ids; None for a preview.
    rail_item: dict | None = None

    @property
    def has_social_posts(self):
        return bool(self.post_ids)

    def as_json(self):
        return {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "rail_item"}

    @classmethod
    def from_json(cls, value):
        return cls(**{name: tuple(item) if isinstance(item, list) else item for name, item in value.items()})


def render(article, *, authors, tags, notes, parts, is_preview=False):
    """The parts of `article` as shown with `authors`, `tags`, `notes` (corrections) and its body `parts`."""
    meta = page_meta.article_meta(article, authors=authors, tags=tags, notes=notes, is_preview=is_preview)
    posts = [part.post for part in parts if part.post is not None]
    author_ids = tuple(author.pk for author in authors)
    context = {
        "article": article,
        "authors": authors,
        "tags": tags,
        "notes": notes,
        "body_parts": parts,
        "is_preview": is_preview,
    }
    rail_item = None
    if article.pk and not is_preview:
        article.listed_authors = authors  # what list items read a story's authors from (list_items.authors_of)
        rail_item = rail_item_of(article)
    return StoryParts(
        html=render_to_string("articles/includes/story.html", context),
        meta=render_to_string("includes/meta_tags.html", {"meta": meta, "site_name": site_settings.site_name()}),
        title=meta.document_title,
        description=meta.description,
        tag_ids=tuple(tag.pk for tag in tags),
        author_ids=author_ids,
        post_ids=tuple(post.pk for post in posts),
        platforms=tuple(sorted({post.platform for post in posts})),
        rail_item=rail_item,
    )


# A saved story's reads of a fixed shape, compiled once (articles/compiled.py): each query through the ORM
# cost about 0.6 ms of CPU to build, its SQL a tenth of that. The story comes with the section and picture
# its page shows.
ARTICLE = CompiledQuery(lambda pk: Article.objects.select_related("section", "hero_image").filter(pk=pk), pk=NO_ROW)
TAGS = CompiledQuery(lambda article: Tag.objects.filter(articles=article), article=NO_ROW)
POSTS = CompiledQuery(
    lambda article: ArticleSocialPost.objects.select_related("social_post").filter(article=article), article=NO_ROW
)
NOTES = CompiledQuery(
    lambda article: ArticleNote.objects.only("article_id", "kind", "text", "created_at").filter(article=article),
    article=NO_ROW,
)
AUTHORS = CompiledQuery(
    lambda article: (
        Article.authors.through.objects.select_related("author")
        .filter(article_id=article)
        .order_by("author__name", "pk")
    ),
    article=NO_ROW,
)


def of_saved(article, *, is_preview=False):
    """The parts of the saved `article` (its section and hero picture selected) as it is in the database."""
    tags, notes = TAGS.run(article=article.pk), NOTES.run(article=article.pk)
    parts = article_body_parts(article, read_links=lambda article: POSTS.run(article=article.pk))
    authors = [written.author for written in AUTHORS.run(article=article.pk)]
    return render(article, authors=authors, tags=tags, notes=notes, parts=parts, is_preview=is_preview)


def stored(article):
    """The parts `article` keeps, if they are the ones it would render now; else None."""
    if article.story_html is None or article.story_html_key != key_for(article.modified_at):
        return None
    return StoryParts.from_json(article.story_html)


def current(article):
    """The public parts of the saved `article`: those it keeps, or rendered now and kept for the next reader."""
    parts = stored(article)
    if parts is None:
        parts = of_saved(article)
        keep(article, parts)
    return parts


def keep(article, parts):
    """Store `parts`, rendered from `article` as read, unless the row has changed or been expired since."""
    key = key_for(article.modified_at)
    rail_item = {**parts.rail_item, "key": rail_item_key(key, article.modified_at)}
    as_read = Q(pk=article.pk, story_html_key=article.story_html_key, modified_at=article.modified_at)
    written = {"story_html": parts.as_json(), "rail_item": rail_item, "story_html_key": key}
    store(as_read, written, f"story {article.pk}")


def store(as_read, written, what):
    """UPDATE the rows `as_read` (a Q naming each row as it was read) with `written`."""
    try:
        with transaction.atomic():  # its own, so that a refused write spoils no transaction the caller is in
            Article.objects.filter(as_read).update(**written)
    except DatabaseError:  # a page is served without its copy rather than not at all
        now_and_then(log.warning, "Stored story HTML: could not keep %s", what, exc_info=True)


# A story's item in rails (Article.rail_item) is kept with its part, and also alone, by a page whose rail shows a
# story whose item was not kept (never read since it changed, or since a deploy): `keep_rail_items`. Its key is
# the row's story_html_key as it was read, which every expiry changes, and the key its parts render under now.


def rail_item_of(article):
    """The rail item of `article`, as for_listing() reads a story with its authors: its item_head, address and
    authors' ids."""
    return {
        "html": rail_item_head(article),
        "url": article.get_absolute_url(),
        "authors": [author.pk for author in authors_of(article)],
    }


def rail_item_key(story_html_key, modified_at):
    return f"{story_html_key}|{key_for(modified_at)}"


def kept_rail_item(row):
    """The rail item a row (a dict of `pk`, `modified_at`, `story_html_key`, `rail_item`) keeps, if current."""
    item = row["rail_item"]
    if item is None or item.get("key") != rail_item_key(row["story_html_key"], row["modified_at"]):
        return None
    return item


def keep_rail_items(made):
    """Store the rail items of `made` ([(row, item)], each item made from its row as read) in one UPDATE, each
    only if its row is as it was read."""
    as_read, items = Q(), []
    for row, item in made:
        as_read |= Q(pk=row["pk"], story_html_key=row["story_html_key"], modified_at=row["modified_at"])
        item = {**item, "key": rail_item_key(row["story_html_key"], row["modified_at"])}
        items.append(When(pk=row["pk"], then=Value(item, output_field=JSONField())))
    store(as_read, {"rail_item": Case(*items, output_field=JSONField())}, f"{len(items)} rail items")


def render_again(article_id):
    """Render and keep the parts of story `article_id` now, as its own change commits (invalidation.py)."""
    if found := ARTICLE.run(pk=article_id):
        keep(found[0], of_saved(found[0]))


# Expiry ----------------------------------------------------------------------------------------------------

# The page cache's tags whose change reaches a story's own part, and the stories that show each. Every other tag
# names nothing the part shows: lists, feeds, and `article:<pk>`, which its comments expire too (a story's own
# changes expire its part by name: invalidation.py).
SHOWN_BY = {
    "section": lambda pk: Q(section_id=pk),
    "author": lambda pk: Q(authors=pk),
    "tag": lambda pk: Q(tags=pk),
    "social-post": lambda pk: Q(social_post_links__social_post_id=pk),
}


def expire(stories):
    """Expire the parts the `stories` (a queryset of Article) keep: the next reader renders them again."""
    stories.update(story_html_key=f"expired|{secrets.token_hex(8)}")


def expire_what_tags_show(tags):
    """The stories whose own part shows something of `tags` (SHOWN_BY; SITE: every story, the site's name is
    in its meta tags)."""
    if SITE in tags:
        expire(Article.objects.all())
        return
    shown = Q()
    for tag in tags:
        kind, _, pk = tag.partition(":")
        if kind in SHOWN_BY and pk.isdigit():
            shown |= SHOWN_BY[kind](int(pk))
    if shown:
        expire(Article.objects.filter(pk__in=Article.objects.filter(shown).values("pk")))
