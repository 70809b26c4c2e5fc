from django.apps import AppConfig

from social.platforms import registry


class SocialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "social"
    verbose_name = "Social posts"
    # The platforms' embed frames, which load only when a reader clicks "Load original post" (read by
    # newsroom/middleware.py).
    content_security_policy = {"frame-src": registry.frame_sources()}
