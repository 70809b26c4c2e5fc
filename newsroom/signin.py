"""The admin sign-in's lockout page (django-axes calls it through AXES_LOCKOUT_CALLABLE, settings.py).

Axes' own response is a bare line of text; this one is the admin's sign-in page with the message, how long
the pause lasts, and a Retry-After header that says the same to a script.
"""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def locked_out(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {
        **admin.site.each_context(request),
        "title": "Signing in is paused",
        "message": settings.AXES_COOLOFF_MESSAGE,
    }
    response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response.render()
