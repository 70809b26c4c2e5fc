from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom import views

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    # ADMIN_URL, admin/ unless set (settings.py, docs/deploy.md "Signing in").
    path(settings.ADMIN_URL, admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's popups among them): send them to
    # the site's own mark rather than a 404 in every log.
    path("favicon.ico", views.favicon),
    # Browsers' reports of what the Content Security Policy refused (settings.SECURE_CSP's report-uri).
    path(settings.CSP_REPORT_URL.removeprefix("/"), views.csp_report, name="csp-report"),
]
if settings.SERVE_MEDIA:
    urlpatterns.append(path("media/<path:path>", views.media, name="media"))
urlpatterns.append(path("comments/", include("comments.urls")))
urlpatterns.append(path("", include("articles.urls")))

# Django's error pages, with every security header even when they are made above the middleware that sets them.
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
