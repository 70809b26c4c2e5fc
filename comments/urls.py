from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("article/<int:article_id>/", views.comment_page, name="list"),
    path("article/<int:article_id>/post/", views.post_comment, name="post"),
    path("article/<int:article_id>/form/", views.comment_form, name="form"),
    path("csrf/", views.csrf_token, name="csrf"),
    path("<int:comment_id>/reply/", views.reply, name="reply"),
    path("<int:comment_id>/report/", views.flag, name="flag"),
]
urlpatterns += [
    path("<int:comment_id>/like/", views.like, name="like"),
    path("likes/", views.my_likes, name="my-likes"),
    path("replies/confirm/<str:token>/", views.confirm_replies, name="confirm-replies"),
    path("replies/stop/<str:token>/", views.stop_replies, name="stop-replies"),
    path("replies/restart/<str:token>/", views.restart_replies, name="restart-replies"),
]
