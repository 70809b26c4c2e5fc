"""
The site settings as every page reads them: one cache get, and no query while the cache holds them.

The cache keeps a snapshot (plain data: the name, the logo's address, the links, the app promotion, each part
already left out when its switch is off), never the model rows. Every save writes the new snapshot into the
cache once it commits, so the next reader gets it without a query and no two readers rebuild it at once; a
cache that lost it (a restart, an eviction) is filled again by the next reader, with one query.

On local memory each worker has a cache of its own, and a save writes only into the saving worker's: the
snapshot carries the page cache's generation (newsroom/page_cache.py), which every save moves for every
worker, so the other workers read the new settings at their next page instead of keeping the old ones until
a restart.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from articles import images
from articles.models import APP_STORES, SITE_SETTINGS_ID, FooterLink, SiteSettings
from newsroom.logs import now_and_then
from newsroom.page_cache import SITE, bump, generation, invalidated
from social.platforms import registry as social_platforms

log = logging.getLogger(__name__)

# Bump the version when the snapshot's shape changes: a deploy then never reads an older shape.
CACHE_KEY = "articles:site-settings:v2"
LOGO_HEIGHT = 40  # CSS pixels in the header; the rendition chosen is sharp at twice that
STORE_LINKS = {"app_store": "Download on the App Store", "google_play": "Get it on Google Play"}


def snapshot(row=None, footer_links=()):
    """What the pages show, from the settings row and its footer links (the defaults without a row)."""
    if row is None:
        row = SiteSettings()
    return {
        "site_name": row.get_site_name(),
        "logo": logo_snapshot(row) if row.show_logo else None,
        "tagline": row.tagline if row.show_tagline else "",
        "social_profiles": social_profiles(row) if row.show_social_profiles else [],
        "footer_links": [{"label": link.label, "url": link.url} for link in footer_links]
        if row.show_footer_links
        else [],
        "app_promotion": app_promotion(row) if row.show_app_promotion else None,
    }


def logo_snapshot(row):
    image = row.logo
    if image is None or not image.file or not image.width:
        return None
    candidates = [*image.renditions, images.original(image)]
    # The smallest copy at least twice as high as the header shows it, or else the largest there is.
    sharp = [r for r in candidates if r.height >= 2 * LOGO_HEIGHT]
    chosen = min(sharp, key=lambda r: r.height) if sharp else max(candidates, key=lambda r: r.height)
    return {"url": chosen.url, "width": chosen.width, "height": chosen.height, "alt": row.logo_alt_text}


def social_profiles(row):
    """The filled-in profiles, in the platform registry's order: [{"name": "Instagram", "url": …}]."""
    profiles = []
    for platform in social_platforms:
        url = getattr(row, f"{platform.slug}_url", "")
        if url:
            profiles.append({"name": platform.name, "url": url})
    return profiles


def app_promotion(row):
    stores = [
        {"name": APP_STORES[store][0], "label": label, "url": getattr(row, f"{store}_url")}
        for store, label in STORE_LINKS.items()
        if getattr(row, f"{store}_url")
    ]
    if not stores or not (row.app_promotion_heading or row.app_promotion_text):
        return None
    return {"heading": row.app_promotion_heading, "text": row.app_promotion_text, "stores": stores}


def read_from_database():
    """The snapshot in one query: the row, its logo and its footer links joined (one result row per link)."""
    rows = list(
        SiteSettings.objects.filter(pk=SITE_SETTINGS_ID)
        .select_related("logo")
        .annotate(link_label=F("footer_links__label"), link_url=F("footer_links__url"))
        .order_by("footer_links__position", "footer_links__id")
    )
    if not rows:
        return snapshot()
    links = [FooterLink(label=row.link_label, url=row.link_url) for row in rows if row.link_label is not None]
    return snapshot(rows[0], links)


def current():
    """The site settings for a page: from the cache, or from the database (and into the cache) when it lost them."""
    try:
        value = cache.get(CACHE_KEY)
    except Exception:  # a cache that does not answer must not take the pages down with it
        now_and_then(log.warning, "Site settings: the cache did not answer; read from the database", exc_info=True)
        return read_from_database()
    if value is None or value["generation"] != generation():
        value = store(read_from_database())
    return value


def site_name():
    """The site's name as editors set it (the SITE_NAME setting until they do), for what is not a page."""
    return current()["site_name"]


def store(value):
    """Keep the snapshot `value` in the cache, with the generation it belongs to (None on a shared cache)."""
    value = {**value, "generation": generation()}
    try:
        cache.set(CACHE_KEY, value, timeout=None)  # replaced on every save, so it never needs to expire
    except Exception:
        now_and_then(
            log.warning, "Site settings: the cache did not answer; the next reader reads the database", exc_info=True
        )
    return value


def refresh_cache():
    """Write the saved settings into the cache (run after the commit that saved them), and expire every
    cached page, each of which shows them (newsroom/page_cache.py), and what is kept rendered with them."""
    bump([SITE])  # first: on local memory it moves the generation the snapshot is stored with
    invalidated([SITE])
    store(read_from_database())


def settings_row():
    """The one settings row, made with the defaults the first time it is needed."""
    return SiteSettings.objects.get_or_create(pk=SITE_SETTINGS_ID)[0]


@transaction.atomic
def update_site_settings(*, footer_links=None, **fields):
    """Set `fields` of the site settings and, when given, replace the footer links with `footer_links`
    ([(label, url), …] in order); readers see the change as soon as it commits.

    Run again with the same values, it leaves the same settings and links: the demo runs it on every load.
    """
    row = settings_row()
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    if footer_links is not None:
        wanted = [(label, url) for label, url in footer_links]
        if [(link.label, link.url) for link in row.footer_links.all()] != wanted:
            row.footer_links.all().delete()
            for position, (label, url) in enumerate(wanted):
                link = FooterLink(site_settings=row, label=label, url=url, position=position)
                link.full_clean()
                link.save()
    transaction.on_commit(refresh_cache)
    return row
