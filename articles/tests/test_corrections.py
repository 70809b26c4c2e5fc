"""Corrections and updates: added by editors to live stories, shown to readers with their time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleNote
from articles.tests.builders import article_admin_form, make_article, make_ready_article, make_section

pytestmark = pytest.mark.django_db

IST = ZoneInfo("Asia/Kolkata")


@pytest.fixture
def viewer(django_user_model):
    """Staff who may read articles in the admin but not publish them."""
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    return user


def test_a_correction_is_shown_at_the_foot_of_the_story_and_becomes_its_updated_time(client, admin_user):
    published = datetime(2026, 12, 1, 9, 0, tzinfo=IST)
    article = make_article(published_at=published)
    timezone_now = datetime(2026, 12, 1, 14, 30, tzinfo=IST)

    note = services.add_correction(
        article, kind="correction", text="An earlier version misstated the release date.", actor=admin_user
    )
    ArticleNote.objects.filter(pk=note.pk).update(created_at=timezone_now)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone_now)
    page = client.get(article.get_absolute_url())

    assert page.status_code == 200
    assert (
        '<strong class="story-note__kind">Correction:</strong>\n        An earlier version misstated the release date.'
        in page.text
    )
    assert '<time class="story-note__time" datetime="2026-12-01T14:30:00+05:30">1 December 2026, 14:30 IST</time>' in (
        page.text
    )
    assert 'Updated <time datetime="2026-12-01T14:30:00+05:30">1 December 2026, 14:30 IST</time>' in page.text


def test_add_correction_moves_the_updated_time_to_the_notes_time(admin_user):
    article = make_article()

    note = services.add_correction(article, kind="update", text="The trailer is now out.", actor=admin_user)

    article.refresh_from_db()
    assert article.updated_at == note.created_at
    assert (note.kind, note.text, note.created_by) == ("update", "The trailer is now out.", admin_user)
    assert article.was_updated


def test_a_note_is_escaped_text_for_readers(client, admin_user):
    article = make_article()

    services.add_correction(article, kind="update", text="<script>alert(1)</script> & more", actor=admin_user)
    page = client.get(article.get_absolute_url())

    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page.text
    assert "<script>alert(1)" not in page.text


def test_someone_who_may_not_publish_cannot_add_a_correction(viewer):
    article = make_article()

    with pytest.raises(PermissionDenied, match="Only an editor who may publish"):
        services.add_correction(article, kind="correction", text="Wrong.", actor=viewer)

    assert ArticleNote.objects.count() == 0


def test_a_draft_takes_no_correction(admin_user):
    article = make_article(status=Article.Status.DRAFT, published_at=None)

    with pytest.raises(ValidationError) as refused:
        services.add_correction(article, kind="correction", text="Wrong.", actor=admin_user)

    assert refused.value.messages == [
        "Corrections and updates are for stories readers can see: change the draft itself instead."
    ]


def test_an_empty_note_is_refused(admin_user):
    with pytest.raises(ValidationError) as refused:
        services.add_correction(make_article(), kind="update", text="   ", actor=admin_user)

    assert refused.value.messages == ["Write what the correction or update says."]


def test_an_editor_adds_a_correction_through_the_change_form(admin_client):
    section = make_section()
    article = make_ready_article(section=section, headline="Alia Bhatt announces her next film")
    data = article_admin_form(
        section,
        hero_image=article.hero_image_id,
        **{
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "correction",
            "notes-0-text": "An earlier version named the wrong director.",
            "notes-0-article": str(article.pk),
        },
    )

    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)

    assert response.status_code == 302
    note = ArticleNote.objects.get()
    article.refresh_from_db()
    assert (note.article, note.kind) == (article, "correction")
    assert note.text == "An earlier version named the wrong director."
    assert article.updated_at == note.created_at


def test_the_change_form_of_a_live_story_offers_the_notes_to_an_editor_with_an_empty_row(admin_client):
    article = make_article()

    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/")

    assert "Corrections and updates readers see at the foot of the story" in page.text
    assert 'name="notes-0-text"' in page.text


def test_the_change_form_of_a_draft_has_no_row_for_a_note(admin_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)

    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/")

    assert 'name="notes-0-text"' not in page.text


def test_a_forged_note_from_someone_who_may_not_publish_adds_nothing(client, viewer):
    article = make_article()
    services.add_correction(
        article, kind="update", text="Earlier note.", actor=type(viewer).objects.create_superuser("boss")
    )
    client.force_login(viewer)

    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    forged = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_admin_form(
            article.section,
            **{"notes-TOTAL_FORMS": "1", "notes-0-kind": "correction", "notes-0-text": "Forged."},
        ),
    )

    assert "Earlier note." in page.text
    assert 'name="notes-0-text"' not in page.text
    assert forged.status_code == 403
    assert list(ArticleNote.objects.values_list("text", flat=True)) == ["Earlier note."]


def test_a_story_updated_silently_shows_the_updated_time_the_editor_typed_without_a_note(client):
    article = make_article(published_at=timezone.now() - timedelta(days=1), updated_at=timezone.now())

    page = client.get(article.get_absolute_url())

    assert "Updated <time" in page.text
    assert "story__notes" not in page.text


def test_the_story_page_runs_as_many_queries_with_three_notes_as_with_none(client, admin_user):
    plain, corrected = make_article(), make_article()
    for n in range(3):
        services.add_correction(corrected, kind="update", text=f"Update {n}.", actor=admin_user)

    with CaptureQueriesContext(connection) as without_notes:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as with_notes:
        page = client.get(corrected.get_absolute_url())

    assert page.text.count('class="story-note story-note--update"') == 3
    assert len(with_notes) == len(without_notes)
