"""A write the database refuses answers 503 with a clear sentence, wherever it was asked for."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError, IntegrityError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from newsroom.unavailable import MESSAGE, refuses_writes

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def refusals(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "newsroom.unavailable"]


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)


def test_signing_in_to_the_admin_while_the_database_refuses_writes_says_so_instead_of_a_500(
    client, editor, refuse_writes, caplog
):
    refuse_writes()

    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert '<h1 class="comments-page__title">Nothing was saved</h1>' in html
    assert f'<p role="alert">{MESSAGE}</p>' in html
    assert len(refusals(caplog)) == 1
    assert refusals(caplog)[0].startswith("The database refused a write (POST /admin/login/): ")
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_saving_in_the_admin_while_the_database_refuses_writes_keeps_nothing_and_says_so(client, editor, refuse_writes):
    client.force_login(editor)
    refuse_writes()

    response = client.post("/admin/auth/group/add/", {"name": "Night desk"})

    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert Group.objects.filter(name="Night desk").exists() is False


def test_the_admin_still_shows_its_pages_while_the_database_refuses_writes(client, editor, refuse_writes):
    client.force_login(editor)
    refuse_writes()

    assert client.get("/admin/auth/group/").status_code == 200


def file_database(path, timeout):
    settings_dict = {**connection.settings_dict, "NAME": str(path), "OPTIONS": {"timeout": timeout}}
    settings_dict.pop("TEST", None)
    return SQLiteWrapper(settings_dict, alias="file")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock on its file")
def test_a_write_that_waited_out_the_busy_timeout_on_a_file_is_a_refusal(tmp_path):
    holder, writer = file_database(tmp_path / "site.sqlite3", 5), file_database(tmp_path / "site.sqlite3", 0.05)
    holder.connect()
    holder.connection.execute("CREATE TABLE note (text TEXT)")
    holder.connection.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError) as locked, writer.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES ('waited')")
    finally:
        holder.connection.execute("ROLLBACK")
        holder.close()
        writer.close()

    assert str(locked.value) == "database is locked"
    assert refuses_writes(locked.value) is True


def test_a_broken_constraint_is_not_a_refusal_since_trying_again_would_break_it_again(editor):
    with pytest.raises(IntegrityError) as duplicate:
        get_user_model().objects.create_user("editor")

    assert refuses_writes(duplicate.value) is False


def test_a_page_whose_database_cannot_be_opened_answers_503_with_a_page_that_says_so(client, tmp_path, settings):
    settings.ROOT_URLCONF = "newsroom.tests.unreachable_urls"
    settings.UNREACHABLE_DATABASE = str(tmp_path / "gone" / "site.sqlite3")

    response = client.get("/reads/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "private, no-store"
    assert "The site cannot reach its database for a moment: please try again in a minute." in response.text
    assert "<title>Back in a minute</title>" in response.text


def test_a_database_that_cannot_be_reached_is_logged_once_a_minute_not_once_a_request(
    client, tmp_path, settings, caplog
):
    settings.ROOT_URLCONF = "newsroom.tests.unreachable_urls"
    settings.UNREACHABLE_DATABASE = str(tmp_path / "gone" / "site.sqlite3")

    statuses = [client.get("/reads/").status_code for _ in range(3)]

    assert statuses == [503, 503, 503]
    lines = [r.getMessage() for r in caplog.records if r.name == "newsroom.unavailable"]
    assert lines == [
        "The database cannot be reached (GET /reads/; said once a minute per process while it lasts): "
        "OperationalError: unable to open database file"
    ]


def test_a_read_that_fails_for_another_reason_stays_a_500(client, settings):
    settings.ROOT_URLCONF = "newsroom.tests.unreachable_urls"
    client.raise_request_exception = False

    assert client.get("/reads/missing-table/").status_code == 500
