from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
]
if settings.SERVE_MEDIA:
    # Renditions are written once and never change under the same name, so they may be cached for long.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
urlpatterns.append(path("comments/", include("comments.urls")))
urlpatterns.append(path("", include("articles.urls")))
