import pytest

from articles.tests.builders import make_image


@pytest.mark.django_db
def test_renditions_are_served_with_a_year_of_caching(client):
    rendition = make_image().renditions[0]

    response = client.get(rendition.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
