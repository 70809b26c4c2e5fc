"""The site's URLs and views that fail each way, for test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from newsroom.urls import handler400, handler403, handler404, handler500  # noqa: F401 (Django reads them here)
from newsroom.urls import urlpatterns as site_urlpatterns


def suspicious(request):
    raise SuspiciousOperation("a request that cannot be trusted")


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404("nothing here")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("fails/400/", suspicious),
    path("fails/403/", forbidden),
    path("fails/404/", missing),
    path("fails/500/", broken),
    *site_urlpatterns,
]
