"""
What Newsroom knows about each social platform: one module per platform, all registered here.

Each module says everything about its platform once (hosts and address forms, embed code, oEmbed
endpoint and token, the frame for "Load original post" and its Content-Security-Policy origins, name,
mark, the room its embed takes). Shared code (addresses, embeds, oembed, text, the model, the cards) asks
this registry and never branches on a platform's name.

To support another platform: write social/platforms/<name>.py (a Platform subclass; base.py says what
each attribute means), add it to REGISTERED below, add fixtures of its documented formats to the tests,
and run `manage.py makemigrations social` (the database's list of allowed platforms).
"""

from social.platforms.base import Platform
from social.platforms.bluesky import Bluesky
from social.platforms.facebook import Facebook
from social.platforms.instagram import Instagram
from social.platforms.threads import Threads
from social.platforms.tiktok import TikTok
from social.platforms.x import X
from social.platforms.youtube import YouTube

REGISTERED = [X(), Instagram(), YouTube(), TikTok(), Facebook(), Bluesky(), Threads()]


class Registry:
    def __init__(self, platforms):
        self.by_slug = {platform.slug: platform for platform in platforms}
        self.by_host = {host: platform for platform in platforms for host in platform.hosts}
        self.by_embed_class = {css: platform for platform in platforms for css in platform.embed_classes}
        if len(self.by_host) != sum(len(platform.hosts) for platform in platforms):
            raise ValueError("Two platforms claim the same host.")

    def __iter__(self):
        return iter(self.by_slug.values())

    def get(self, slug) -> Platform:
        return self.by_slug[slug]

    def for_host(self, host):
        return self.by_host.get((host or "").lower())

    def for_embed_classes(self, classes):
        return next((self.by_embed_class[css] for css in classes if css in self.by_embed_class), None)

    def names(self):
        """ "X, Instagram, … or Threads"."""
        *others, last = [platform.name for platform in self]
        return f"{', '.join(others)} or {last}" if others else last

    def frame_sources(self, slugs=None):
        """The origins the embed frames of the platforms `slugs` load from (every platform's when None): what
        the Content-Security-Policy's frame-src of a page showing their posts lists."""
        chosen = self if slugs is None else [self.get(slug) for slug in set(slugs)]
        return sorted({origin for platform in chosen for origin in platform.frame_sources})


registry = Registry(REGISTERED)


def choices():
    """The platforms as model field choices (a callable: a new platform needs no AlterField)."""
    return [(platform.slug, platform.name) for platform in registry]
