from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("author/<slug:slug>/", views.author, name="author"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("preview/<str:token>/", views.preview_link, name="preview-link"),
    path("search/", views.search_results, name="search"),
    path("<slug:slug>/", views.section, name="section"),
    path("<slug:section>/<slug:slug>-<int:pk>/", views.article_detail, name="detail"),
]
