"""A comment the database cannot store: 503 with Retry-After, the reader's text kept, logged once."""

import pytest
from django.db import connection, connections

from articles.tests.builders import make_article
from comments.models import Comment
from comments.tests.builders import form_data
from comments.views import NOT_SAVED

pytestmark = pytest.mark.django_db

FETCH = {"X-Requested-With": "fetch"}
READ_ONLY_CAUSE = {
    "sqlite": "OperationalError: attempt to write a readonly database",
    "postgresql": "ReadOnlySqlTransaction: cannot execute INSERT in a read-only transaction",
}


def post_url(article):
    return f"/comments/article/{article.pk}/post/"


def refusals(caplog):
    return [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.name == "newsroom.unavailable"]


def test_a_comment_the_database_refuses_comes_back_in_its_form_with_503_and_retry_after(client, caplog, refuse_writes):
    article = make_article()
    data = form_data(article, name="Asha Rao", text="The second act drags.\nStill worth it.")
    refuse_writes()

    response = client.post(post_url(article), data)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert '<h1 class="comments-page__title">Please try again in a minute</h1>' in html
    assert f"<p>{NOT_SAVED}</p>" in html
    assert 'value="Asha Rao"' in html
    assert "\nThe second act drags.\nStill worth it.</textarea>" in html
    assert Comment.objects.count() == 0
    assert refusals(caplog) == [
        (
            "newsroom.unavailable",
            "ERROR",
            f"The database refused a write (POST {post_url(article)}): {READ_ONLY_CAUSE[connection.vendor]}",
        )
    ]
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_the_dialog_gets_the_form_with_the_text_and_the_message_to_put_in_place_of_its_own(client, refuse_writes):
    article = make_article()
    refuse_writes()

    response = client.post(post_url(article), form_data(article, text="Kept for the dialog"), headers=FETCH)

    assert response.status_code == 503
    html = response.content.decode()
    # comments.js replaces the reader's form with this one (data-comment-compose) and focuses its errors.
    assert "data-comment-compose" in html
    assert f"data-comment-errors>\n        <p>{NOT_SAVED}</p>" in html
    assert "\nKept for the dialog</textarea>" in html


def test_with_the_database_read_only_the_article_page_still_renders(client, refuse_writes):
    article = make_article(headline="Still readable")
    refuse_writes()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Still readable" in response.content.decode()


def test_a_comment_refused_for_another_reason_than_the_database_state_is_still_an_error(client):
    """A broken query (here, a table gone) would fail again in a minute: it is a 500, not a 503."""
    from django.db import OperationalError, ProgrammingError

    article = make_article()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE comments_commentevent" + (" CASCADE" if connection.vendor == "postgresql" else ""))

    with pytest.raises((OperationalError, ProgrammingError)):
        client.post(post_url(article), form_data(article))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock: PostgreSQL locks rows")
@pytest.mark.django_db(transaction=True)
def test_a_comment_that_waits_too_long_for_the_write_lock_comes_back_in_its_form(client, caplog):
    # The test database lives in memory with a shared cache, where a held lock answers at once ("database
    # table is locked"); a file waits out the busy timeout first ("database is locked", newsroom's tests).
    article = make_article()
    holder = connections.create_connection("default")  # another process's writer, holding the lock
    holder.connect()
    holder.connection.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(post_url(article), form_data(article, text="Waited for the lock"))
    finally:
        holder.connection.execute("ROLLBACK")
        holder.close()

    assert response.status_code == 503
    assert "\nWaited for the lock</textarea>" in response.content.decode()
    assert Comment.objects.count() == 0
    assert [message for _, _, message in refusals(caplog)] == [
        f"The database refused a write (POST {post_url(article)}): OperationalError: database table is locked"
    ]
