import gzip

import pytest
from django.template.loader import render_to_string

from articles.images import sized
from articles.tests.builders import make_image, make_section


@pytest.mark.django_db
def test_renditions_are_served_with_a_year_of_caching_and_their_type(client):
    (smallest, *_) = sized(make_image())

    for fmt, media_type in (("avif", "image/avif"), ("webp", "image/webp"), ("jpeg", "image/jpeg")):
        response = client.get(smallest.urls[fmt])

        assert response.status_code == 200
        assert response["Content-Type"] == media_type
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.django_db
def test_a_missing_page_is_a_friendly_404_with_the_site_navigation(client):
    make_section(name="K-Drama", slug="k-drama")

    response = client.get("/k-drama/no-such-story-99999/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert '<a href="/k-drama/">K-Drama</a>' in html


def test_the_500_page_renders_without_a_database_or_a_request():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert "<script" not in html


@pytest.mark.django_db
def test_pages_are_sent_gzipped_to_a_client_that_accepts_it_and_plain_to_one_that_does_not(client):
    make_section(name="K-Drama", slug="k-drama")

    gzipped = client.get("/k-drama/", headers={"accept-encoding": "gzip, br"})
    plain = client.get("/k-drama/")

    assert (gzipped.status_code, gzipped["Content-Encoding"], gzipped["Vary"]) == (200, "gzip", "Accept-Encoding")
    assert gzip.decompress(gzipped.content).decode().count("<h1") == 1
    assert plain.has_header("Content-Encoding") is False
    assert plain.content.decode().count("<h1") == 1
