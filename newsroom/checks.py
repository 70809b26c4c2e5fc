"""System checks for a deployment, run by `manage.py check --deploy` (docs/deploy.md)."""

from django.conf import settings
from django.core import checks

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@checks.register(checks.Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    """A production site on local memory: every worker has a cache of its own, and servers share nothing."""
    if settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY:
        return []
    return [
        checks.Warning(
            "The cache is local memory: each worker process has its own, so workers and servers share nothing cached.",
            hint="Fine for one process; with several workers or servers, set CACHE_URL=redis://… (docs/deploy.md).",
            id="newsroom.W001",
        )
    ]
