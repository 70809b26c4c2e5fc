from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles import feeds, sitemaps, views

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
    path("feeds/rss/", feeds.ArticleFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="feed-atom"),
    path("feeds/tag/<slug:slug>/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("feeds/tag/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("feeds/author/<slug:slug>/rss/", feeds.AuthorFeed(), name="author-feed-rss"),
    path("feeds/author/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("feeds/<slug:slug>/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("feeds/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
urlpatterns += [
    path("<slug:slug>/", views.section, name="section"),
    path("<slug:section>/<slug:slug>-<int:pk>/", views.article_detail, name="detail"),
]
