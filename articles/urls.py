from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles import feeds, sitemaps, views
from articles.invalidation import FEEDS, LISTS
from newsroom.page_cache import cached_view

# Feeds and sitemaps show every live story's text and dates: they expire with any change to one (FEEDS).
feed = cached_view(LISTS, FEEDS)

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("latest/", views.latest, name="latest"),
    path("author/<slug:slug>/", views.author, name="author"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("preview/<str:token>/", views.preview_link, name="preview-link"),
    path("search/", views.search_results, name="search"),
]
# Feeds, sitemaps and robots.txt (docs/reader-web.md, "Feeds, sitemaps and robots.txt"): before the
# section pattern, which would otherwise take "feeds" for a section's slug (RESERVED_SLUGS keeps it free).
urlpatterns += [
    path("feeds/rss/", feed(feeds.ArticleFeed()), name="feed-rss"),
    path("feeds/atom/", feed(feeds.SiteAtomFeed()), name="feed-atom"),
    path("feeds/tag/<slug:slug>/rss/", feed(feeds.TagFeed()), name="tag-feed-rss"),
    path("feeds/tag/<slug:slug>/atom/", feed(feeds.TagAtomFeed()), name="tag-feed-atom"),
    path("feeds/author/<slug:slug>/rss/", feed(feeds.AuthorFeed()), name="author-feed-rss"),
    path("feeds/author/<slug:slug>/atom/", feed(feeds.AuthorAtomFeed()), name="author-feed-atom"),
    path("feeds/<slug:slug>/rss/", feed(feeds.SectionFeed()), name="section-feed-rss"),
    path("feeds/<slug:slug>/atom/", feed(feeds.SectionAtomFeed()), name="section-feed-atom"),
    path("sitemap.xml", feed(sitemaps.index), name="sitemap-index"),
    path("sitemap-news.xml", feed(sitemaps.news), name="sitemap-news"),
    path(
        "sitemap-<section>.xml",
        feed(sitemap),
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
urlpatterns += [
    path("<slug:slug>/", views.section, name="section"),
    path("<slug:section>/<slug:slug>-<int:pk>/", views.article_detail, name="detail"),
]
