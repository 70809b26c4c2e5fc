"""
Sitemaps of the reader pages (django.contrib.sitemaps) and the Google News sitemap.

`/sitemap.xml` is an index of one sitemap per kind of page, each split into pages of Django's limit
(50,000 addresses); the articles' sitemap lists each story's hero picture with the image sitemap
extension. `/sitemap-news.xml` lists the last 48 hours' stories for Google News.

Every address is absolute on SITE_URL (articles/links.py). Django's sitemaps build addresses from the
protocol and the domain of get_current_site(request), which without django.contrib.sites is the
request's Host header, so the sitemaps here take both from SITE_URL (`get_protocol`, `get_domain`), and
the index is our own view: Django's builds the address of each sitemap from the request's Host alone.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles import site_settings
from articles.images import address, stored_files
from articles.links import absolute_url
from articles.models import Article, Author, Section, Tag

IMAGE_WIDTH = 1200  # the picture named for each story: the rendition nearest this width


class SiteSitemap(Sitemap):
    """A sitemap whose addresses start with SITE_URL, whatever Host the request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.for_sitemap()

    def lastmod(self, article):
        return article.updated_at if article.was_updated else article.published_at

    def get_latest_lastmod(self):
        """The newest change of any live story, in one query (Django's default reads every item)."""
        latest = Article.objects.published().aggregate(latest=Max(Coalesce("updated_at", "published_at")))
        return latest["latest"]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["images"] = sitemap_images(url["item"].hero_image)
        return urls


def sitemap_images(image):
    """The absolute address of a story's picture, as the image sitemap extension lists it ([] without one)."""
    if image is None or not image.file:
        return []
    stored = stored_files(image)
    if not stored:
        return [absolute_url(image.file.url)]
    name = min(stored, key=lambda file: abs(file[1] - IMAGE_WIDTH))[0]
    return [absolute_url(address(image.file.storage, name))]


def with_live_stories(model, field):
    """The rows of `model` (tags, authors) with at least one live story (`field`: theirs on Article), in
    the order of their ids, so that the pages of a long list stay put: a page with no story is empty."""
    live = Article.objects.published().filter(**{field: OuterRef("pk")})
    return model.objects.filter(Exists(live)).only("slug").order_by("pk")


class SectionSitemap(SiteSitemap):
    """The list pages that are not a tag's or an author's: the Latest list, then every section."""

    def items(self):
        return ["articles:latest", *Section.objects.only("slug").order_by("position", "name")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


class TagSitemap(SiteSitemap):
    def items(self):
        return with_live_stories(Tag, "tags")


class AuthorSitemap(SiteSitemap):
    def items(self):
        return with_live_stories(Author, "authors")


def w3c_datetime(value):
    """2026-12-01T18:30:00+05:30: W3C's datetime to the second (HTML and the sitemap schemas refuse the
    microseconds Django's "c" format writes), in the site's time zone."""
    return timezone.localtime(value).isoformat(timespec="seconds")


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "tags": TagSitemap, "authors": AuthorSitemap}
NEWS_HOURS = 48
NEWS_LIMIT = 1000  # Google News reads at most 1,000 addresses from a news sitemap


def publication_language():
    """The two-letter language of the site (LANGUAGE_CODE "en-gb" is "en"), as Google News asks for it."""
    return settings.LANGUAGE_CODE.split("-")[0].lower()


@x_robots_tag
def index(request):
    """The sitemap index: the address of every page of every sitemap, on SITE_URL."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("articles:sitemap", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append({"location": location, "lastmod": lastmod})
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append({"location": f"{location}?p={page}", "lastmod": lastmod})
    lastmods = [entry["lastmod"] for entry in entries if entry["lastmod"]]
    headers = {"Last-Modified": http_date(max(lastmods).timestamp())} if lastmods else None
    return TemplateResponse(
        request, "sitemaps/index.xml", {"sitemaps": entries}, content_type="application/xml", headers=headers
    )


@x_robots_tag
def news(request):
    """The Google News sitemap: the last 48 hours' live stories, with the publication's name and language.

    Not a Sitemap class: it is one page of at most 1,000 stories, which a paginator would count first.
    """
    articles = Article.objects.for_news_sitemap(hours=NEWS_HOURS, limit=NEWS_LIMIT)
    return TemplateResponse(
        request,
        "sitemaps/news.xml",
        {
            "urlset": [{"location": absolute_url(article), "item": article} for article in articles],
            "publication_name": site_settings.site_name(),
            "publication_language": publication_language(),
        },
        content_type="application/xml",
    )
