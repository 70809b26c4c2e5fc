from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("article/<int:article_id>/", views.comment_page, name="list"),
    path("article/<int:article_id>/post/", views.post_comment, name="post"),
    path("<int:comment_id>/reply/", views.reply, name="reply"),
    path("<int:comment_id>/report/", views.flag, name="flag"),
]
