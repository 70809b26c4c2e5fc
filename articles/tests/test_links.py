import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from articles.links import absolute_url, article_path, home_path, slug_path
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


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


def test_the_remembered_paths_are_the_ones_reverse_gives():
    assert (
        slug_path("articles:section", "k-drama")
        == reverse("articles:section", kwargs={"slug": "k-drama"})
        == "/k-drama/"
    )
    assert home_path() == reverse("articles:home") == "/"
    assert (
        article_path("k-drama", "the-finale_2", 42)
        == reverse("articles:detail", kwargs={"section": "k-drama", "slug": "the-finale_2", "pk": 42})
        == "/k-drama/the-finale_2-42/"
    )
    assert slug_path("articles:tag", "shah-rukh") == reverse("articles:tag", kwargs={"slug": "shah-rukh"})
    assert slug_path("articles:author", "priya_k") == reverse("articles:author", kwargs={"slug": "priya_k"})


def test_the_remembered_paths_follow_the_script_prefix_the_site_is_served_under(script_prefix):
    assert slug_path("articles:section", "k-drama") == "/k-drama/"
    script_prefix("/news/")

    assert slug_path("articles:section", "k-drama") == "/news/k-drama/"
    assert article_path("k-drama", "the-finale", 7) == "/news/k-drama/the-finale-7/"


def test_a_slug_the_address_cannot_hold_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        article_path("k-drama", "café", 7)
    with pytest.raises(NoReverseMatch):
        slug_path("articles:section", "café")


def test_a_path_with_braces_in_its_prefix_is_filled_in_without_taking_them_for_fields(script_prefix):
    script_prefix("/{x}/")

    assert slug_path("articles:section", "k-drama") == "/%7Bx%7D/k-drama/"
