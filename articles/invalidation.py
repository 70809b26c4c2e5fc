"""
What each change to the newsroom's content expires in the page cache (newsroom/page_cache.py), and in the HTML
the stories keep (articles/story_html.py), called by the services and the admin's saves, never by templates.
The tags are those articles/views.py's pages depend on:

- `article:<pk>`: the story's page, its comment pages, and every list, Read next or Trending that shows it;
- `section:<pk>`, `tag:<pk>`, `author:<pk>`: that list's pages, and every list item naming them;
- `lists`: which stories are live (home, /latest/, search);
- `feeds`: the feeds and sitemaps, which show every live story's text and dates;
- `site` (newsroom.SITE): every page (the site settings, the sections' navigation).
"""

import logging
from functools import partial

from django.db import transaction

from articles import story_html
from articles.models import Article
from newsroom.page_cache import SITE, bump, invalidate, tags_of

log = logging.getLogger(__name__)

LISTS = "lists"
FEEDS = "feeds"


def story_changed(article):
    """`article` changed in a way readers may see (published, edited, unpublished, scheduled, corrected):
    its own part expires now, in the writer's transaction (articles/story_html.py); once that commits, its page
    and every list it is, or now belongs, in expire, and its own part is rendered again."""
    story_html.expire(Article.objects.filter(pk=article.pk))
    transaction.on_commit(partial(expire_story, article.pk))


def expire_story(article_id):
    """Read after the commit, so that the tags and authors the admin saves after the article are counted."""
    row = Article.objects.filter(pk=article_id).values("section_id").first()
    tags = [f"article:{article_id}", LISTS, FEEDS]
    if row is not None:
        tags += tags_of("section", [row["section_id"]] if row["section_id"] else [])
        tagged = Article.tags.through.objects.filter(article_id=article_id)
        written = Article.authors.through.objects.filter(article_id=article_id)
        tags += tags_of("tag", tagged.values_list("tag_id", flat=True))
        tags += tags_of("author", written.values_list("author_id", flat=True))
    bump(sorted(set(tags)))
    try:
        story_html.render_again(article_id)
    except Exception:  # the save has committed; its next reader renders the story's part instead
        log.exception("Stored story HTML: could not render story %s again", article_id)


def bodies_changed(article_ids):
    """Bodies rendered again (a picture's renditions or words changed): only those stories' own pages and feeds.
    Their kept HTML needs no expiry: the new body moved each row's modified_at, which its key names."""
    invalidate(*tags_of("article", article_ids), FEEDS)


def section_changed(section):
    """Every page names the sections in its navigation."""
    invalidate(f"section:{section.pk}", SITE)


def tag_changed(tag):
    invalidate(f"tag:{tag.pk}", FEEDS)


def author_changed(author):
    invalidate(f"author:{author.pk}", FEEDS)


def image_changed(image):
    """A picture's words (alt text, caption, credit) or renditions changed: the stories it heads show them."""
    headed = list(Article.objects.filter(hero_image=image).values_list("pk", flat=True))
    story_html.expire(Article.objects.filter(pk__in=headed))
    invalidate(*tags_of("article", headed))
