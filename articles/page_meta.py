"""
What a reader page tells search engines and the apps it is shared in: its title and description, its
canonical address, Open Graph and Twitter card tags, the robots rule and, on an article, its structured data.

Each reader view builds one `PageMeta` (the functions below) and passes it as `page_meta`; base.html writes
the <title> and description from it and jinja2/includes/meta_tags.html everything else, so no template
repeats the tags. Every address is on SITE_URL (articles/links.py), never the request's Host.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.text import Truncator

from articles import images, structured_data
from articles.links import absolute_url, home_path

# The home page's description, and every page's that says nothing of its own. The site settings' tagline
# replaces it when they come.
SITE_DESCRIPTION = "Entertainment news: Bollywood, Hollywood, K-Drama, lifestyle, fashion and beauty."

# Twitter's large card, Google Discover's large previews (max-image-preview:large) and Facebook's full-width
# link previews all ask for a picture at least 1200 pixels wide; a narrower one gets the small card.
LARGE_PREVIEW_MIN_WIDTH = 1200


@dataclass(frozen=True)
class PreviewImage:
    url: str  # absolute
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class PageMeta:
    title: str  # the page's own name, as og:title: the headline, the section's name
    description: str
    # The <title> before the site's name, which base.html adds from the site settings: the page's name and
    # its page number; empty on the home page, whose title is the site's name alone.
    document_title: str
    url: str | None = None  # the canonical address; None on the preview of a story that is not saved
    type: str = "website"  # og:type: "article" on a story's page
    image: PreviewImage | None = None
    published_time: datetime | None = None
    modified_time: datetime | None = None
    section: str = ""
    tags: tuple[str, ...] = ()
    author_urls: tuple[str, ...] = ()
    indexable: bool = True  # False on previews: robots noindex
    structured_data: tuple[dict, ...] = ()

    @property
    def twitter_card(self):
        large = self.image is not None and self.image.width >= LARGE_PREVIEW_MIN_WIDTH
        return "summary_large_image" if large else "summary"


def preview_image(image, shape=None):
    """The picture a share shows: with `shape`, its crop in that shape 1200 pixels wide (or the widest there
    is below that), in JPEG or PNG, which every app reads (WebP and AVIF are not safe in og:image); without
    it, or until the crop is written, the largest copy of `image` there is (1600 pixels wide from a large upload).
    """
    crops = images.crops(image, shape) if shape and image is not None else []
    up_to = [r for r in crops if r.width <= LARGE_PREVIEW_MIN_WIDTH]
    rendition = max(up_to or crops, key=lambda r: r.width if up_to else -r.width, default=None)
    if rendition is None:
        rendition = structured_data.largest_rendition(image)
    if rendition is None:
        return None
    return PreviewImage(absolute_url(rendition.url), rendition.width, rendition.height, image.alt_text)


def document_title(name, page=None):
    return f"{name} (page {page.number})" if page and page.number > 1 else name


def canonical(location, page=None):
    url = absolute_url(location)
    return f"{url}?page={page.number}" if page and page.number > 1 else url


def home_meta():
    return PageMeta(
        title="",  # the site's name: meta_tags.html writes it from the site settings
        description=SITE_DESCRIPTION,
        document_title="",
        url=absolute_url(home_path()),
    )


def latest_meta(page):
    return PageMeta(
        title="Latest stories",
        description="Every story, newest first.",
        document_title=document_title("Latest stories", page=page),
        url=canonical(reverse("articles:latest"), page),
    )


def section_meta(section, page):
    return PageMeta(
        title=section.name,
        description=section.description or section.name,
        document_title=document_title(section.name, page=page),
        url=canonical(section, page),
    )


def tag_meta(tag, page):
    return PageMeta(
        title=tag.name,
        description=f"Stories about {tag.name}.",
        document_title=document_title(tag.name, page=page),
        url=canonical(tag, page),
    )


def author_meta(author, page):
    return PageMeta(
        title=author.name,
        description=Truncator(author.bio or author.name).chars(160),
        document_title=document_title(author.name, page=page),
        url=canonical(author, page),
        image=preview_image(author.photo),
    )


def article_meta(article, *, authors, tags, notes, is_preview):
    """A story's page; a preview is never indexed, and an unsaved story (a form's preview) has no address yet."""
    saved = article.pk is not None
    return PageMeta(
        title=article.headline,
        description=Truncator(article.standfirst or article.headline).chars(200),
        document_title=document_title(article.headline),
        url=absolute_url(article) if saved else None,
        type="article",
        image=preview_image(article.hero_image, images.LIST_SHAPE),
        published_time=article.published_at,
        modified_time=structured_data.modified_time(article, notes),
        section=article.section.name,
        tags=tuple(tag.name for tag in tags),
        author_urls=tuple(absolute_url(author) for author in authors),
        indexable=not is_preview,
        structured_data=(
            (
                structured_data.news_article(article, authors=authors, tags=tags, notes=notes),
                structured_data.breadcrumbs(article),
            )
            if saved
            else ()
        ),
    )
