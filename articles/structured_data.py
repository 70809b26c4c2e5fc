"""
Structured data for search engines: an article page's schema.org `NewsArticle` and `BreadcrumbList`, as dicts,
and the one way they are written into a page (`json_ld_script`).

The properties are those Google's article structured data documentation requires or recommends (headline,
image, datePublished, dateModified, author with name and url, publisher with name and logo), with the rest
of what schema.org's NewsArticle offers and we know: the section, the tags as keywords, the corrections.
Everything here is read from what the story's own part has already fetched (story_html.of_saved):
building it costs no query.
"""

import json
from functools import partial

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import images, site_settings
from articles.links import absolute_url, home_path
from articles.models import ArticleNote
from newsroom.static_urls import static_url
from newsroom.times import machine_time

SCHEMA = "https://schema.org"

# What json_script escapes, for the same reason: inside <script> the HTML parser ends the element at
# "</script>" and treats "<!--" specially whatever the type, so no "<", ">" or "&" reaches the page as such.
# JSON's \u escapes read back as the same characters.
JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as a `<script type="application/ld+json">` block.

    A data block, not a script: browsers do not run it, so the strict Content Security Policy's script-src
    does not apply to it (tests/browser/test_rich_previews.py checks that Chromium reports no violation).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_LD_ESCAPES)
    # Safe: json.dumps quotes every string, and the translation above leaves no "<", ">" or "&" that the
    # HTML parser could read as markup.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# Google's least for each image in structured data.
MIN_STRUCTURED_DATA_PIXELS = 50_000


def hero_images(image):
    """The copies of a hero picture that structured data names: its 16:9, 4:3 and 1:1 crops around the
    focal point (the largest of each, JPEG or PNG), as Google asks, each at least 50,000 pixels.

    Until the crops are written (or for a picture too small for them), its largest rendition in its own
    shape, or the original before there is one.
    """
    if image is None or not image.file or not image.width:
        return []
    chosen = [max(crops, key=lambda r: r.width) for crops in map(partial(images.crops, image), images.SHAPES) if crops]
    large_enough = [r for r in chosen if r.width * r.height >= MIN_STRUCTURED_DATA_PIXELS]
    if large_enough:
        return large_enough
    largest = largest_rendition(image)
    return [largest] if largest else []


def largest_rendition(image):
    """The widest copy of `image` readers can get: its largest rendition, the original before there is one."""
    if image is None or not image.file or not image.width:
        return None
    return max(image.renditions, key=lambda rendition: rendition.width, default=None) or images.original(image)


def image_object(rendition):
    return {
        "@type": "ImageObject",
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def publisher_logo_url(site):
    """The publisher's logo: the one the site settings show, else the site's static mark."""
    return absolute_url(site["logo"]["url"] if site["logo"] else static_url("favicon.svg"))


def publisher(site):
    """The site as the publication: its name, logo and profiles as editors set them (articles/site_settings.py)."""
    organization = {
        "@type": "Organization",
        "name": site["site_name"],
        "url": absolute_url(home_path()),
        "logo": {"@type": "ImageObject", "url": publisher_logo_url(site)},
    }
    if site["social_profiles"]:
        organization["sameAs"] = [profile["url"] for profile in site["social_profiles"]]
    return organization


def modified_time(article, notes):
    """When the story last changed for readers: its "Updated" time or its latest note, else its publication."""
    times = [article.published_at, article.updated_at, *(note.created_at for note in notes)]
    return max((time for time in times if time is not None), default=None)


def news_article(article, *, authors, tags, notes):
    """The NewsArticle of a saved article, from the objects its page shows."""
    url = absolute_url(article)
    site = site_settings.current()
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.standfirst,
        "image": [image_object(rendition) for rendition in hero_images(article.hero_image)],
        "datePublished": machine_time(article.published_at),
        "dateModified": machine_time(modified_time(article, notes)),
        # A story without a byline is the publication's own.
        "author": [{"@type": "Person", "name": author.name, "url": absolute_url(author)} for author in authors]
        or [{"@type": "Organization", "name": site["site_name"], "url": absolute_url(home_path())}],
        "publisher": publisher(site),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in tags],
        "inLanguage": settings.LANGUAGE_CODE,
        # schema.org's `correction`: a CorrectionComment per correction note. Updates are news, not corrections.
        "correction": [
            {"@type": "CorrectionComment", "text": note.text, "datePublished": machine_time(note.created_at)}
            for note in notes
            if note.kind == ArticleNote.Kind.CORRECTION
        ],
    }
    # Properties without a value are left out rather than sent empty.
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def breadcrumbs(article):
    """Home › Section › Story, as a BreadcrumbList."""
    trail = [
        ("Home", absolute_url(home_path())),
        (article.section.name, absolute_url(article.section)),
        (article.headline, absolute_url(article)),
    ]
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
