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
`tags_invalidated`), inside the writer's transaction: a renamed author, section or tag, a post marked gone, new
renditions, saved site settings expire the parts of every story that shows them (`expire`), which then render
again when next read. A story's own change renders its parts at once, after the commit (invalidation.py).

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
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string

from articles import page_meta, site_settings
from articles.body import article_body_parts
from articles.compiled import NO_ROW, CompiledQuery
from articles.models import Article, ArticleNote, ArticleSocialPost, Tag
from newsroom.logs import now_and_then
from newsroom.page_cache import SITE, tags_invalidated
from social.platforms import registry as social_platforms

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


def key_for(article):
    """The key `article`'s parts are rendered under now."""
    return f"{code_version()}|{article.modified_at.isoformat()}"


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

    @property
    def has_social_posts(self):
        return bool(self.post_ids)

    def as_json(self):
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, value):
        return cls(**{name: tuple(item) if isinstance(item, list) else item for name, item in value.items()})


def render(article, *, authors, tags, notes, parts, is_preview=False):
    """The parts of `article` as shown with `authors`, `tags`, `notes` (corrections) and its body `parts`."""
    meta = page_meta.article_meta(article, authors=authors, tags=tags, notes=notes, is_preview=is_preview)
    posts = [part.post for part in parts if part.post is not None]
    context = {
        "article": article,
        "authors": authors,
        "tags": tags,
        "notes": notes,
        "body_parts": parts,
        "is_preview": is_preview,
    }
    return StoryParts(
        html=render_to_string("articles/includes/story.html", context),
        meta=render_to_string("includes/meta_tags.html", {"meta": meta, "site_name": site_settings.site_name()}),
        title=meta.document_title,
        description=meta.description,
        tag_ids=tuple(tag.pk for tag in tags),
        author_ids=tuple(author.pk for author in authors),
        post_ids=tuple(post.pk for post in posts),
        platforms=tuple(sorted({post.platform for post in posts})),
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
    if article.story_html is None or article.story_html_key != key_for(article):
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
    try:
        with transaction.atomic():  # its own, so that a refused write spoils no transaction the caller is in
            Article.objects.filter(
                pk=article.pk, story_html_key=article.story_html_key, modified_at=article.modified_at
            ).update(story_html=parts.as_json(), story_html_key=key_for(article))
    except DatabaseError:  # a page is served without its copy rather than not at all
        now_and_then(log.warning, "Stored story HTML: could not keep story %s", article.pk, exc_info=True)


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


@receiver(tags_invalidated)
def expire_what_tags_show(tags, **kwargs):
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


def frame_sources(parts):
    """The frame hosts of the parts' posts' platforms, for the page's CSP (newsroom/middleware.py, allow_frames)."""
    return social_platforms.frame_sources(parts.platforms)
