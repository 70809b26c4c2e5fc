import json
import logging

import pytest

from newsroom.tests.test_envfile import run

HEALTHY = {"database": "ok", "cache": "ok"}
# A real Redis client against a closed port on this machine: the connection is refused, as when Redis is down.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "newsroom.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_and_the_cache_answer_with_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == HEALTHY
    assert response.content == b'{"database": "ok", "cache": "ok"}'
    assert response["Content-Length"] == "33"


@pytest.mark.django_db
def test_healthz_is_never_cached_and_touches_no_session_or_csrf(client):
    response = client.get("/healthz")

    assert response["Cache-Control"] == "no-store"
    assert response.cookies == {}
    assert "Vary" not in response
    assert "Content-Security-Policy" not in response  # it answered before any other middleware


@pytest.mark.django_db
def test_healthz_answers_the_machines_own_address_which_allowed_hosts_does_not_list(client):
    page = client.get("/", HTTP_HOST="10.0.0.5:8000")
    health = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert page.status_code == 400
    assert health.status_code == 200


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_answers_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_makes_healthz_503_naming_it(client, settings, caplog):
    settings.CACHES = UNREACHABLE_REDIS

    with caplog.at_level(logging.WARNING, logger="newsroom.health"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "failed"}
    assert response["Cache-Control"] == "no-store"
    logged = [record.getMessage() for record in caplog.records if record.name == "newsroom.health"]
    assert logged == ["Health check: the cache did not answer"]
    assert "Connection refused" in caplog.text


def test_a_database_that_does_not_answer_makes_healthz_503_naming_it(tmp_path):
    # A real SQLite connection that cannot open: the database "file" is a folder.
    (tmp_path / "db").mkdir()
    result = run(
        tmp_path,
        "-c",
        "import newsroom.wsgi; from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='127.0.0.1'); print(r.status_code, r.content.decode())",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db'}",
    )

    assert result.stdout == '503 {"database": "failed", "cache": "ok"}\n'
    assert "Health check: the database did not answer" in result.stderr
    assert "unable to open database file" in result.stderr
