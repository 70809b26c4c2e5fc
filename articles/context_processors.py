from django.conf import settings

from articles.models import Section


def site(request):
    return {"site_name": settings.SITE_NAME, "nav_sections": Section.objects.all()}
