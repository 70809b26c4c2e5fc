from django.utils.functional import SimpleLazyObject, lazy

from articles import site_settings
from articles.compiled import CompiledQuery
from articles.models import Section
from articles.page_meta import SITE_DESCRIPTION

# Every reader page lists the sections: compiled once (articles/compiled.py), read when the page first uses it.
NAV_SECTIONS = CompiledQuery(lambda: Section.objects.all())
# The site's name from a page's settings, when the page first shows it; made once (one per request was 0.06 ms).
site_name = lazy(lambda settings_snapshot: settings_snapshot["site_name"], str)


def site(request):
    """What every page shows around its content. The site settings are read once per page, when first used
    (one cache get; admin pages that show none of them read nothing), and so are the sections."""
    settings_snapshot = SimpleLazyObject(site_settings.current)
    return {
        "site_name": site_name(settings_snapshot),
        "site_settings": settings_snapshot,
        "site_description": SITE_DESCRIPTION,
        "nav_sections": SimpleLazyObject(NAV_SECTIONS.run),
    }
