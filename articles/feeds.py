"""
RSS 2.0 and Atom feeds of the live stories: the whole site, each section, each tag and each author.

Built on django.contrib.syndication. Every address in a feed is absolute on SITE_URL (articles/links.py):
Django's Feed prefixes relative links with get_current_site(request), which without django.contrib.sites
is the request's Host header, so each link given to it here is already absolute and add_domain() leaves it
alone. Items carry the hero picture twice: an RSS <enclosure> (Atom: <link rel="enclosure">) with its
byte length and type, which every reader knows, and a Media RSS <media:content> with its width and
height, which the readers that lay out pictures use.
"""

import mimetypes
import posixpath
import re
from functools import lru_cache

from django.contrib.syndication.views import Feed
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator

from articles import site_settings
from articles.images import address, stored_files
from articles.links import absolute_url
from articles.models import Article, Author, Section, Tag

FEED_SIZE = 30
MEDIA_RSS_NAMESPACE = "http://search.yahoo.com/mrss/"
DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"
# The feed picture: the rendition nearest this width, large enough for a reader's full-width card.
FEED_IMAGE_WIDTH = 1200


@lru_cache(maxsize=8192)
def stored_size(storage, name):
    """The size in bytes of a stored file, remembered: a name is never reused for other bytes (renditions
    are named after their original, and a new upload gets new names), and an object store answers a size
    with a request of its own, which a feed of 30 stories must not make at every fetch."""
    try:
        return storage.size(name)
    except OSError:  # lost from the storage: the enclosure is still right about its address and type
        return 0


@receiver(setting_changed)
def forget_sizes(*, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_ROOT"}:
        stored_size.cache_clear()


def feed_picture(image):
    """{url, width, height, type, length} of the picture a feed shows for `image`, or None without one."""
    if image is None or not image.file or not image.width:
        return None
    storage = image.file.storage
    stored = stored_files(image)  # JPEG (PNG with transparency): what every feed reader shows
    if stored:
        name, width, height = min(stored, key=lambda file: abs(file[1] - FEED_IMAGE_WIDTH))
    else:  # until its renditions are written, the original, as on the site
        name, width, height = image.file.name, image.width, image.height
    return {
        "url": absolute_url(address(storage, name)),
        "width": width,
        "height": height,
        "type": mimetypes.guess_type(posixpath.basename(name))[0] or "application/octet-stream",
        "length": stored_size(storage, name),
    }


# The characters XML 1.0 cannot carry: control characters other than tab, newline and carriage return.
# Text pasted into the admin can hold them (a form feed, a vertical tab from a word processor's line break);
# the pages show nothing of them, and Django's XML writer refuses them, which took every feed down (500).
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value):
    """`value` (a string, or the dicts, lists and tuples of a feed's items) without what XML 1.0 cannot carry."""
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe(item) for item in value)
    return value


class MediaRSSMixin:
    """Adds the Media RSS namespace, one <media:content> per story with a picture, and a creator element
    per author (Django's generators know one author per item; our stories often have two)."""

    def write(self, outfile, encoding):
        # Every string of the feed and its items, cleaned once here rather than in each item_* method.
        self.feed = xml_safe(self.feed)
        self.items = [xml_safe(item) for item in self.items]
        super().write(outfile, encoding)

    def add_picture(self, handler, item):
        picture = item.get("picture")
        if picture is None:
            return
        handler.startElement(
            "media:content",
            {
                "url": picture["url"],
                "type": picture["type"],
                "medium": "image",
                "width": str(picture["width"]),
                "height": str(picture["height"]),
                "fileSize": str(picture["length"]),
            },
        )
        if picture.get("description"):
            handler.addQuickElement("media:description", picture["description"], {"type": "plain"})
        if picture.get("credit"):
            handler.addQuickElement("media:credit", picture["credit"])
        handler.endElement("media:content")


class RssFeed(MediaRSSMixin, feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        # Dublin Core on the root, once, rather than on each <dc:creator> as Django writes it.
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE_NAMESPACE, "xmlns:media": MEDIA_RSS_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _link in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        self.add_picture(handler, item)


class AtomFeed(MediaRSSMixin, feedgenerator.Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")
        self.add_picture(handler, item)


class ArticleFeed(Feed):
    """The site's feed; the section, tag and author feeds narrow its items to their subject.

    Subclasses name their subject (`subject_model`) and say how it filters the stories (`filter_items`).
    """

    feed_type = RssFeed
    url_name = "articles:feed-rss"
    subject_model = None

    def get_object(self, request, slug=None):
        return get_object_or_404(self.subject_model, slug=slug) if self.subject_model else None

    def filter_items(self, queryset, subject):
        return queryset

    def items(self, subject):
        return self.filter_items(Article.objects.for_feed(), subject)[:FEED_SIZE]

    def title(self, subject):
        return f"{site_settings.site_name()}: {subject.name}" if subject else site_settings.site_name()

    def description(self, subject):
        return (
            f"The latest {subject.name} stories from {site_settings.site_name()}."
            if subject
            else (f"The latest entertainment news from {site_settings.site_name()}.")
        )

    def subtitle(self, subject):
        """Atom's <subtitle> says what RSS's <description> does (RSS writes no subtitle)."""
        return self.description(subject)

    def link(self, subject):
        return absolute_url(subject or reverse("articles:home"))

    def feed_url(self, subject):
        return absolute_url(reverse(self.url_name, kwargs={"slug": subject.slug} if subject else {}))

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.standfirst

    def item_link(self, article):
        return absolute_url(article)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at if article.was_updated else None

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]

    def item_enclosures(self, article):
        picture = feed_picture(article.hero_image)
        if picture is None:
            return []
        return [feedgenerator.Enclosure(picture["url"], str(picture["length"]), picture["type"])]

    def item_extra_kwargs(self, article):
        picture = feed_picture(article.hero_image)
        if picture is not None:
            picture.update(description=article.hero_image.alt_text, credit=article.hero_image.credit)
        authors = [(author.name, absolute_url(author)) for author in article.authors.all()]
        return {"picture": picture, "authors": authors}


class SiteAtomFeed(ArticleFeed):
    feed_type = AtomFeed
    url_name = "articles:feed-atom"


class SectionFeed(ArticleFeed):
    url_name = "articles:section-feed-rss"
    subject_model = Section

    def filter_items(self, queryset, section):
        return queryset.filter(section=section)


class SectionAtomFeed(SectionFeed):
    feed_type = AtomFeed
    url_name = "articles:section-feed-atom"


class TagFeed(ArticleFeed):
    url_name = "articles:tag-feed-rss"
    subject_model = Tag

    def filter_items(self, queryset, tag):
        return queryset.filter(tags=tag)


class TagAtomFeed(TagFeed):
    feed_type = AtomFeed
    url_name = "articles:tag-feed-atom"


class AuthorFeed(ArticleFeed):
    url_name = "articles:author-feed-rss"
    subject_model = Author

    def title(self, author):
        return f"{site_settings.site_name()}: stories by {author.name}"

    def description(self, author):
        return f"The latest stories by {author.name} on {site_settings.site_name()}."

    def filter_items(self, queryset, author):
        return queryset.filter(authors=author)


class AuthorAtomFeed(AuthorFeed):
    feed_type = AtomFeed
    url_name = "articles:author-feed-atom"
