from articles.links import absolute_url
from articles.tests.builders import make_section


def test_a_path_is_put_on_the_site_address_whatever_host_the_request_named(settings):
    settings.SITE_URL = "https://news.example.com/"

    assert absolute_url("/bollywood/") == "https://news.example.com/bollywood/"


def test_an_object_gives_its_own_address(settings, db):
    settings.SITE_URL = "https://news.example.com"

    assert absolute_url(make_section(slug="k-drama")) == "https://news.example.com/k-drama/"


def test_an_address_that_is_absolute_already_is_kept(settings):
    settings.SITE_URL = "https://news.example.com"

    assert absolute_url("https://cdn.example.net/media/a.webp") == "https://cdn.example.net/media/a.webp"
