import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions of each test go to a folder of its own, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
