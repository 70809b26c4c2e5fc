from io import StringIO

import pytest

from articles.models import SiteSettings
from demo import site

pytestmark = pytest.mark.django_db

APP_TEXT = (
    "Download the Newsroom app for the latest Bollywood & entertainment news, hot celebrity photos, lifestyle, "
    "fashion & beauty, Hollywood, K-Drama…"
)


def test_the_demo_sets_the_app_promotion_and_footer_links_the_same_way_every_time():
    for _ in range(2):
        site.load(StringIO())

    row = SiteSettings.objects.get()
    assert row.app_promotion_text == APP_TEXT
    assert list(row.footer_links.values_list("label", "url", "position")) == [
        ("Fashion & beauty", "/fashion-beauty/", 0),
        ("Lifestyle", "/lifestyle/", 1),
    ]
