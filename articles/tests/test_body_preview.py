"""The body preview beside the editor is a page of the site in a frame, styled by the reader's stylesheet."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


def test_the_preview_frame_is_a_reader_styled_story_body_that_only_this_site_may_frame(admin_client):
    response = admin_client.get("/admin/articles/article/preview/frame/")

    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/css/site.css">' in response.text
    assert '<div class="story__body" aria-live="polite">' in response.text
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def frame_sources(response):
    return response["Content-Security-Policy"].split("frame-src ")[1].split(";")[0].split()


def test_the_article_form_may_show_frames_of_the_site_and_may_itself_be_framed_by_none(admin_client):
    response = admin_client.get("/admin/articles/article/add/")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert frame_sources(response) == ["'self'"]  # its own preview, and no platform's frame
    assert '<iframe class="body-editor__frame" src="/admin/articles/article/preview/frame/"' in response.text


def test_other_pages_allow_no_frame_of_the_site(admin_client):
    response = admin_client.get("/admin/articles/image/add/")

    assert frame_sources(response) == ["'none'"]


def test_the_preview_frame_is_refused_to_staff_who_may_not_write_articles(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)

    assert client.get("/admin/articles/article/preview/frame/").status_code == 403
