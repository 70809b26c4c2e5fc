"""The body editor's image chooser: the library searched by description, caption or credit, a page at a time."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.tests.builders import make_image

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/images/"


def picks(response):
    return [(image.alt_text, thumbnail != "—") for image, thumbnail in response.context["choices"]]


def test_the_chooser_finds_pictures_by_description_caption_or_credit(admin_client):
    make_image(alt_text="Deepika Padukone at Cannes", credit="Getty Images")
    make_image(alt_text="A film set at night", caption="Shooting of Pathaan in Mumbai")
    make_image(alt_text="A poster", credit="Yash Raj Films")
    make_image(alt_text="A red rectangle")

    assert picks(admin_client.get(URL, {"q": "deepika"})) == [("Deepika Padukone at Cannes", True)]
    assert picks(admin_client.get(URL, {"q": "pathaan"})) == [("A film set at night", True)]
    assert picks(admin_client.get(URL, {"q": "yash raj"})) == [("A poster", True)]
    assert len(picks(admin_client.get(URL))) == 4


def test_each_picture_is_a_button_carrying_its_number_and_escaped_description(admin_client):
    image = make_image(alt_text='Ranveer "Singh" <on set>', credit="Instagram/@ranveersingh")

    response = admin_client.get(URL)

    assert (
        f'<button type="button" class="image-chooser__pick" data-image-id="{image.pk}" '
        'data-image-alt="Ranveer &quot;Singh&quot; &lt;on set&gt;">' in response.text
    )
    assert '<span class="image-chooser__credit">Instagram/@ranveersingh</span>' in response.text
    assert "<on set>" not in response.text


def test_a_search_that_finds_nothing_says_so_in_words(admin_client):
    make_image()

    response = admin_client.get(URL, {"q": "zzz"})

    assert "0 pictures matching “zzz”" in response.text
    assert "No picture matches “zzz”. Try another word, or upload a new picture." in response.text


def test_the_chooser_shows_24_pictures_a_page_with_links_to_the_others(admin_client):
    for n in range(30):
        make_image(alt_text=f"Picture {n}", renditions=False)

    first = admin_client.get(URL)
    second = admin_client.get(URL, {"page": 2})

    assert len(first.context["choices"]) == 24
    assert [alt for alt, _ in picks(second)] == [f"Picture {n}" for n in range(5, -1, -1)]
    assert f'<a href="{URL}?q=&amp;page=2">Older pictures</a>' in first.text
    assert "Page 2 of 2" in second.text


@pytest.mark.parametrize("pictures", [1, 30])
def test_the_chooser_runs_a_constant_number_of_queries(admin_client, pictures):
    for _ in range(pictures):
        make_image(renditions=False)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(URL, {"q": "red"})

    assert response.status_code == 200
    # the session, the user, the count, the page of pictures
    assert len(queries) == 4


def test_the_chooser_is_refused_to_staff_who_may_not_write_articles(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)

    assert client.get(URL).status_code == 403


def test_the_chooser_is_for_signed_in_staff_only(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_the_body_editor_offers_the_chooser_and_the_upload_popup(admin_client):
    page = admin_client.get("/admin/articles/article/add/")

    assert 'data-chooser-url="/admin/articles/article/images/"' in page.text
    assert (
        '<a href="/admin/articles/image/add/?_to_field=id&amp;_popup=1" id="add_id_body_picture" '
        'class="related-widget-wrapper-link body-editor__upload-image" data-popup="yes">Upload a new picture</a>'
        in page.text
    )
    assert "To place a picture from the image library, put ![description](image:ID) on its own line." in page.text
