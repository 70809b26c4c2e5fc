from django.conf import settings

from articles.models import Section
from articles.page_meta import SITE_DESCRIPTION


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_description": SITE_DESCRIPTION,
        "nav_sections": Section.objects.all(),
    }
