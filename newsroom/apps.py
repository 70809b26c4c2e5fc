from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project itself, installed only for its system checks (newsroom/checks.py); it has no models."""

    name = "newsroom"

    def ready(self):
        from newsroom import checks  # noqa: F401 (registers the checks)
