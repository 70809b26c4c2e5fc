from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.static import serve


def media(request, path):
    """Uploaded pictures, for sites with no front server in front of MEDIA_ROOT.

    Renditions are written once under names derived from their original and never change, so browsers
    may keep them for a year.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith("renditions/"):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def favicon(request):
    """/favicon.ico, which browsers ask for by themselves: the site's own mark, at its (hashed) static address.

    Asked for the address at each request, not when the URLs load: in production the manifest of hashed
    names exists only once collectstatic has run.
    """
    return redirect(static("favicon.svg"), permanent=True)
