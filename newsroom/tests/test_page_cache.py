"""The page cache (newsroom/page_cache.py): a hit skips Django's work, and every change readers may see is on the
next page at once. Each test reads a page (stored), changes the thing through its service, and reads again."""

import io
import json
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import previews, services, site_settings
from articles.models import Article
from articles.tests.builders import make_article, make_author, make_ready_article, make_section, make_staff, make_tag
from articles.tests.clock import time_machine
from comments.models import Comment
from comments.services import approve_comment, remove_comment
from comments.tests.builders import make_comment, make_moderator
from newsroom import page_cache
from newsroom.wsgi import application
from social.services import record_fetch
from social.tests.builders import make_social_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def story(**kwargs):
    """A live story, its comments open as most are: its page is the same for every anonymous reader."""
    return make_article(**kwargs)


def read(client, address, **headers):
    """The page, and how many queries answering it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, headers=headers)
    return response, len(queries)


def stored(client, address):
    """Read `address` once: it is stored for the next read."""
    first, _ = read(client, address)
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers
    assert not first.cookies
    return first


# The hit path --------------------------------------------------------------------------------------------


def test_a_second_anonymous_read_is_answered_from_the_cache_without_a_query_or_a_session(client):
    article = story(headline="Deepika's new film")
    first = stored(client, article.get_absolute_url())

    second, queries = read(client, article.get_absolute_url())

    assert queries == 0
    assert second.content == first.content
    assert not hasattr(second.wsgi_request, "session")  # SessionMiddleware never ran
    assert not hasattr(second.wsgi_request, "user")
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Vary"] == "Accept-Encoding"
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_stored_page_says_how_long_browsers_and_shared_caches_may_keep_it(client, settings):
    settings.PAGE_CACHE_MAX_AGE, settings.PAGE_CACHE_S_MAXAGE = 60, 300
    response = stored(client, "/")

    assert response.headers["Cache-Control"] == "public, max-age=60, s-maxage=300, stale-while-revalidate=30"
    assert response.headers["Last-Modified"].endswith(" GMT")
    assert response.headers["ETag"].startswith('"')
    assert len(response.headers["ETag"]) == 34
    assert response.headers["Cache-Tag"] == "lists,site"


def test_a_matching_etag_is_answered_with_304_from_the_cache(client):
    etag = stored(client, "/").headers["ETag"]

    response, queries = read(client, "/", if_none_match=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag
    assert queries == 0


def test_a_matching_etag_is_answered_with_304_on_the_miss_that_stores_the_page_too(client):
    etag = stored(client, "/").headers["ETag"]
    page_cache.cache().clear()

    response, _ = read(client, "/", if_none_match=etag)

    # The body is the same, so the new entry's tag is too.
    assert response.status_code == 304


def test_tracking_parameters_share_the_page_s_entry(client):
    stored(client, "/latest/")

    for address in ["/latest/?utm_source=x&utm_medium=social", "/latest/?fbclid=abc", "/latest/?gclid=1&zz=9"]:
        assert read(client, address)[1] == 0, address


def test_another_page_of_a_list_is_an_entry_of_its_own(client):
    for _ in range(21):
        story()
    stored(client, "/latest/")

    second, queries = read(client, "/latest/?page=2&utm_source=x")

    assert second.status_code == 200
    assert queries > 0
    assert read(client, "/latest/?utm_source=y&page=2")[1] == 0


def test_search_parameters_are_in_the_key_in_any_order(client):
    section = make_section()
    story(headline="Shah Rukh at the premiere", section=section)
    stored(client, f"/search/?q=premiere&section={section.pk}")

    assert read(client, f"/search/?section={section.pk}&q=premiere")[1] == 0
    assert read(client, "/search/?q=premiere")[1] > 0


def test_gzip_and_plain_answers_are_stored_apart(client):
    stored(client, "/")

    plain, plain_queries = read(client, "/")
    zipped, zipped_queries = read(client, "/", accept_encoding="gzip")

    assert plain_queries == 0
    assert zipped_queries > 0
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert read(client, "/", accept_encoding="gzip, deflate")[0].content == zipped.content


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "comments_pending"])
def test_a_reader_with_a_personal_cookie_is_never_served_a_stored_page_nor_stores_one(client, cookie):
    client.cookies[cookie] = "x"
    _, queries_first = read(client, "/")
    _, queries_second = read(client, "/")
    del client.cookies[cookie]

    assert queries_first > 0
    assert queries_second > 0
    assert read(client, "/")[1] > 0  # what the personal reader saw was not stored for others


def test_staff_signed_in_see_their_own_page_while_readers_share_theirs(client):
    article = story(headline="The old headline")
    stored(client, article.get_absolute_url())
    client.force_login(make_staff("Editor"))

    response, queries = read(client, article.get_absolute_url())

    assert queries > 0
    assert response.headers["Cache-Control"] == "private"


def test_a_page_that_sets_a_cookie_is_never_stored():
    # As an article page whose comment form carries a CSRF token does, until the form has a request of its own.
    response = page_cache.depends_on(HttpResponse("A story"), "article:1")
    assert page_cache.storable(response)

    response.set_cookie("csrftoken", "a-reader-s-own")

    assert not page_cache.storable(response)


def test_a_page_that_says_private_or_no_store_is_never_stored():
    for cache_control in ["private", "private, no-store", "no-cache"]:
        response = page_cache.depends_on(HttpResponse("A story"), "article:1")
        response["Cache-Control"] = cache_control
        assert not page_cache.storable(response), cache_control


def test_a_shared_preview_link_is_never_stored(client):
    draft = story(status=Article.Status.DRAFT, published_at=None, headline="Not out yet")
    link = previews.create_preview_link(draft, by=make_staff("Editor"))
    address = f"/preview/{previews.link_token(link)}/"
    first, _ = read(client, address)
    assert first.headers["Cache-Control"] == "private, no-store"

    second, queries = read(client, address)

    assert "Not out yet" in second.content.decode()
    assert queries > 0


def test_a_page_not_found_is_not_stored(client):
    assert read(client, "/no-such-section/")[0].status_code == 404
    assert read(client, "/no-such-section/")[1] > 0


def test_the_switch_turns_it_off(client, settings):
    settings.PAGE_CACHE = False
    read(client, "/")

    response, queries = read(client, "/")

    assert queries > 0
    assert "ETag" not in response.headers


# Invalidation: each event, then the new content at once ---------------------------------------------------


def test_publishing_a_story_puts_it_on_the_home_page_its_section_tag_and_author_pages(client, commit):
    section, tag, author = make_section(), make_tag(), make_author()
    story(section=section, tags=[tag], authors=[author])
    draft = make_ready_article(
        headline="Priyanka signs a new series", section=section, tags=[tag], authors=[author],
        status=Article.Status.DRAFT, published_at=None,
    )  # fmt: skip
    pages = ["/", "/latest/", section.get_absolute_url(), f"/tag/{tag.slug}/", f"/author/{author.slug}/"]
    pages += ["/feeds/rss/", "/sitemap-news.xml"]
    for address in pages:
        assert "Priyanka signs" not in stored(client, address).content.decode()

    with commit():
        services.publish_article(draft, actor=None)

    for address in pages:
        assert "Priyanka signs a new series" in client.get(address).content.decode(), address


def test_editing_a_headline_shows_on_the_story_and_on_every_list_at_once(client, commit):
    article = story(headline="The old headline")
    pages = [article.get_absolute_url(), "/", article.section.get_absolute_url()]
    for address in pages:
        stored(client, address)

    article.headline = "The new headline"
    with commit():
        services.save_article(article, actor=None, changed_fields=["headline"])

    for address in pages:
        content = client.get(address).content.decode()
        assert "The new headline" in content, address
        assert "The old headline" not in content, address


def test_moving_a_story_to_another_section_shows_on_both_sections_at_once(client, commit):
    old, new = make_section(), make_section()
    article = story(headline="A story on the move", section=old)
    assert "A story on the move" in stored(client, old.get_absolute_url()).content.decode()
    assert "A story on the move" not in stored(client, new.get_absolute_url()).content.decode()

    article.section = new
    with commit():
        services.save_article(article, actor=None, changed_fields=["section"])

    assert "A story on the move" not in client.get(old.get_absolute_url()).content.decode()
    assert "A story on the move" in client.get(new.get_absolute_url()).content.decode()


def test_a_correction_shows_on_the_story_at_once(client, commit):
    article = story()
    stored(client, article.get_absolute_url())

    with commit():
        services.add_correction(
            article, kind="correction", text="An earlier version named the wrong film.", actor=make_staff("Editor")
        )

    assert "An earlier version named the wrong film." in client.get(article.get_absolute_url()).content.decode()


def test_a_tag_renamed_in_the_admin_shows_on_its_page_at_once(admin_client, client, commit):
    tag = make_tag(name="Premieres")
    story(tags=[tag])
    stored(client, f"/tag/{tag.slug}/")

    with commit():
        admin_client.post(f"/admin/articles/tag/{tag.pk}/change/", {"name": "Red carpets", "slug": tag.slug})

    assert "Red carpets" in client.get(f"/tag/{tag.slug}/").content.decode()


def test_a_tag_deleted_in_the_admin_leaves_the_stories_that_named_it_at_once(admin_client, client, commit):
    tag = make_tag(name="Premieres")
    article = story(tags=[tag])
    assert "Premieres" in stored(client, article.get_absolute_url()).content.decode()

    with commit():
        admin_client.post(f"/admin/articles/tag/{tag.pk}/delete/", {"post": "yes"})

    assert "Premieres" not in client.get(article.get_absolute_url()).content.decode()


def test_authors_deleted_from_the_admin_list_leave_their_stories_at_once(admin_client, client, commit):
    author = make_author(name="Kavya Menon")
    article = story(authors=[author])
    assert "Kavya Menon" in stored(client, article.get_absolute_url()).content.decode()

    with commit():
        admin_client.post(
            "/admin/articles/author/", {"action": "delete_selected", "_selected_action": [author.pk], "post": "yes"}
        )

    assert "Kavya Menon" not in client.get(article.get_absolute_url()).content.decode()


def test_unpublishing_takes_the_story_off_its_page_and_the_lists(client, commit):
    article = story(headline="Taken down today")
    address = article.get_absolute_url()
    stored(client, address)
    stored(client, "/")

    with commit():
        services.unpublish_article(article, actor=None)

    assert client.get(address).status_code == 404
    assert "Taken down today" not in client.get("/").content.decode()


def test_a_scheduled_story_is_on_the_pages_stored_before_its_time_once_the_time_comes(client):
    now = timezone.now()
    section = make_section()
    story(headline="Coming at noon", section=section, published_at=now + timedelta(minutes=5))
    assert "Coming at noon" not in stored(client, section.get_absolute_url()).content.decode()
    assert "Coming at noon" not in stored(client, "/").content.decode()

    with time_machine(now + timedelta(minutes=5, seconds=1)):
        assert "Coming at noon" in client.get(section.get_absolute_url()).content.decode()
        assert "Coming at noon" in client.get("/").content.decode()


def test_the_timeout_of_every_stored_page_is_capped_by_the_next_scheduled_story(client):
    soon = timezone.now() + timedelta(seconds=90)
    story(published_at=soon)
    response = stored(client, "/")

    entry = page_cache.cache().get(page_cache.entry_key(response.wsgi_request))

    assert soon.timestamp() - 2 <= entry["expires"] <= soon.timestamp() + 1
    assert response.headers["Cache-Control"].startswith("public, max-age=60, s-maxage=")
    assert int(response.headers["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 90


def test_a_comment_approved_appears_on_the_story_s_comment_page_at_once(client, commit):
    article = story()
    waiting = make_comment(article=article, text="Waiting for a moderator", status=Comment.Status.PENDING)
    address = f"/comments/article/{article.pk}/"
    assert "Waiting for a moderator" not in stored(client, address).content.decode()

    with commit():
        approve_comment(waiting, moderator=make_moderator())

    assert "Waiting for a moderator" in client.get(address).content.decode()


def test_a_comment_removed_leaves_the_story_s_page_and_the_count_on_the_lists_at_once(client, commit):
    article = story(headline="A story readers discuss")
    comment = make_comment(article=article, text="Something libellous")
    assert "Something libellous" in stored(client, article.get_absolute_url()).content.decode()
    assert "1 comment" in stored(client, "/latest/").content.decode()

    with commit():
        remove_comment(comment, moderator=make_moderator())

    assert "Something libellous" not in client.get(article.get_absolute_url()).content.decode()
    assert "1 comment" not in client.get("/latest/").content.decode()


def test_a_social_post_marked_gone_changes_the_card_on_the_story_s_page_at_once(client, commit):
    post = make_social_post(text="A fan post from the premiere")
    article = story(body=f"Before.\n\n{post.permalink}\n\nAfter.")
    services.link_social_posts(article)
    address = article.get_absolute_url()
    assert "This post is no longer available on X." not in stored(client, address).content.decode()

    with commit():
        record_fetch(post, "gone", "Deleted by its author", None)

    assert "This post is no longer available on X. This is our archived copy." in client.get(address).content.decode()


def test_an_author_renamed_in_the_admin_shows_on_their_stories_at_once(admin_client, client, commit):
    author = make_author(name="Old Name")
    article = story(authors=[author])
    address = article.get_absolute_url()
    assert "Old Name" in stored(client, address).content.decode()

    with commit():
        admin_client.post(f"/admin/articles/author/{author.pk}/change/", {"name": "New Name", "slug": author.slug})

    content = client.get(address).content.decode()
    assert "New Name" in content
    assert "Old Name" not in content


def test_a_section_renamed_in_the_admin_shows_on_every_page_at_once(admin_client, client, commit):
    section = make_section(name="Bollywood")
    story(section=section)
    stored(client, "/latest/")

    with commit():
        admin_client.post(
            f"/admin/articles/section/{section.pk}/change/",
            {"name": "Hindi Cinema", "slug": section.slug, "position": 0},
        )

    content = client.get("/latest/").content.decode()
    assert "Hindi Cinema" in content
    assert "Bollywood" not in content


def test_site_settings_saved_show_on_every_page_at_once(client, commit):
    story()
    stored(client, "/")

    with commit():
        site_settings.update_site_settings(site_name="Filmi Daily")

    assert "Filmi Daily" in client.get("/").content.decode()


def test_a_change_while_a_page_renders_is_not_stored_with_the_new_version(client):
    # A version made after the render began would hide a page of the old content: the store is skipped.
    page_cache.bump(["lists", "site"])

    stored_now, _ = read(client, "/")

    assert stored_now.status_code == 200
    assert read(client, "/")[1] > 0


# The purge hook --------------------------------------------------------------------------------------------


class PurgeServer(ThreadingHTTPServer):
    """A CDN's purge endpoint on this machine: it keeps what each POST said."""

    def __init__(self):
        self.received = []
        super().__init__(("127.0.0.1", 0), PurgeHandler)


class PurgeHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    server = PurgeServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PAGE_CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    yield server
    server.shutdown()
    server.server_close()


def test_each_invalidation_tells_the_cdn_which_tags_changed(purge_server, commit):
    article = story()

    with commit():
        services.unpublish_article(article, actor=None)

    assert purge_server.received == [
        (
            "application/json",
            {
                "tags": sorted(
                    [
                        f"article:{article.pk}",
                        "feeds",
                        "lists",
                        f"section:{article.section_id}",
                    ]
                )
            },
        )
    ]


def test_a_host_the_site_does_not_serve_is_refused_on_the_hit_path_too_with_the_security_headers(client):
    stored(client, "/")

    refused = client.get("/", headers={"host": "evil.example"})

    assert refused.status_code == 400
    assert refused.headers["X-Content-Type-Options"] == "nosniff"


# Before Django's handler: the WSGI application of newsroom/wsgi.py -----------------------------------------


class WSGIAnswer:
    def __init__(self, status, headers, body, handled_by_django):
        self.status, self.headers, self.body, self.handled_by_django = status, dict(headers), body, handled_by_django


def through_wsgi(path, *, method="GET", query="", scheme="http", app=application, **headers):
    """What gunicorn would get from newsroom.wsgi.application (or `app`) for this request, and whether Django's
    handler ran."""
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443" if scheme == "https" else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    started = []

    def count(**kwargs):
        started.append(kwargs)

    answered = {}

    def start_response(status, response_headers, exc_info=None):
        answered.update(status=status, headers=response_headers)

    # As Django's test client does: the test's transaction must outlive the request (on PostgreSQL the handler
    # would close the connection it runs in when the request finishes).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.connect(count)
    try:
        chunks = app(environ, start_response)
        body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        request_started.disconnect(count)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return WSGIAnswer(answered["status"], answered["headers"], body, handled_by_django=bool(started))


def test_a_stored_page_is_answered_before_django_s_handler_with_the_bytes_and_headers_the_middleware_sends(client):
    article = story(headline="Ranbir's comeback")
    stored(client, article.get_absolute_url())
    from_the_middleware = client.get(article.get_absolute_url())

    answer = through_wsgi(article.get_absolute_url(), utm_source="x")

    assert answer.handled_by_django is False
    assert answer.status == "200 OK"
    assert answer.body == from_the_middleware.content
    assert answer.headers == dict(from_the_middleware.headers)
    assert "Ranbir&#x27;s comeback" in answer.body.decode()


def test_a_miss_through_the_front_is_rendered_and_stored_for_the_next_reader(client):
    article = story()

    first = through_wsgi(article.get_absolute_url())
    second = through_wsgi(article.get_absolute_url())

    assert first.handled_by_django is True
    assert first.status == "200 OK"
    assert second.handled_by_django is False
    assert second.body == first.body
    assert second.headers["ETag"] == first.headers["ETag"]


def test_the_front_answers_head_without_a_body_and_a_matching_etag_with_304(client):
    etag = stored(client, "/").headers["ETag"]

    head = through_wsgi("/", method="HEAD")
    not_modified = through_wsgi("/", if_none_match=etag)

    assert (head.handled_by_django, head.status, head.body) == (False, "200 OK", b"")
    assert head.headers["ETag"] == etag
    assert (not_modified.handled_by_django, not_modified.status, not_modified.body) == (False, "304 Not Modified", b"")
    assert not_modified.headers["ETag"] == etag
    assert "Content-Type" not in not_modified.headers


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "comments_pending"])
def test_the_front_leaves_a_reader_with_a_personal_cookie_to_django(client, cookie):
    stored(client, "/")
    assert through_wsgi("/").handled_by_django is False  # the same request without the cookie: remembered

    answer = through_wsgi("/", cookie=f"{cookie}=x")

    assert answer.handled_by_django is True
    assert answer.headers["Cache-Control"] == "private"


def test_the_front_leaves_a_host_the_site_does_not_serve_to_django_which_refuses_it(client):
    stored(client, "/")
    assert through_wsgi("/").handled_by_django is False

    answer = through_wsgi("/", host="evil.example")

    assert (answer.handled_by_django, answer.status) == (True, "400 Bad Request")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def application_with(settings, **changed):
    """newsroom/wsgi.py's application made anew: SecurityMiddleware reads its settings when it is made."""
    for name, value in changed.items():
        setattr(settings, name, value)
    return page_cache.serve_stored_pages(WSGIHandler())


def test_with_https_required_a_plain_http_request_is_redirected_never_served_a_stored_page(client, settings):
    app = application_with(settings, SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600)
    assert through_wsgi("/", scheme="https", app=app).status == "200 OK"  # stored
    secure = through_wsgi("/", scheme="https", app=app)

    plain = through_wsgi("/", app=app)

    assert secure.handled_by_django is False
    assert secure.headers["Strict-Transport-Security"] == "max-age=3600"  # SecurityMiddleware's, stored with it
    assert (plain.status, plain.headers["Location"]) == ("301 Moved Permanently", "https://testserver/")


def test_a_page_stored_over_http_is_not_the_https_entry(client, settings):
    app = application_with(settings, SECURE_HSTS_SECONDS=3600)
    through_wsgi("/", app=app)  # stored without HSTS, which goes on https answers only
    assert "Strict-Transport-Security" not in through_wsgi("/", app=app).headers

    secure = through_wsgi("/", scheme="https", app=app)

    assert secure.handled_by_django is True
    assert secure.headers["Strict-Transport-Security"] == "max-age=3600"


def test_with_the_cache_off_the_front_passes_every_request_on(client, settings):
    stored(client, "/")
    settings.PAGE_CACHE = False

    assert through_wsgi("/").handled_by_django is True


def test_with_local_memory_a_change_made_by_another_worker_expires_this_worker_s_pages(client, settings):
    # Each worker's local-memory cache is its own: another worker's bump reaches this one only through the
    # generation file, which that worker touches (here, another process). Local memory whatever CACHE_URL says.
    settings.CACHES = {"default": {"BACKEND": page_cache.LOCAL_MEMORY}}
    path = settings.PAGE_CACHE_GENERATION_FILE
    path.touch()
    stored(client, "/")
    assert read(client, "/")[1] == 0
    later = "import os, sys, time; os.utime(sys.argv[1], ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))"

    subprocess.run([sys.executable, "-c", later, str(path)], check=True)  # noqa: S603 (our own interpreter)

    assert read(client, "/")[1] > 0


# The front's memory: the same request again, answered without asking the cache for the page


def test_a_change_shows_through_the_front_at_once_though_it_remembers_the_page(client, commit):
    article = story(headline="The old headline")
    for _ in range(3):  # stored, then answered by the front, then by its memory
        assert through_wsgi(article.get_absolute_url()).body.decode().count("The old headline") > 0
    assert len(page_cache.memory) == 1

    article.headline = "The new headline"
    with commit():
        services.save_article(article, actor=None, changed_fields=["headline"])
    answer = through_wsgi(article.get_absolute_url())

    assert answer.handled_by_django is True
    assert "The new headline" in answer.body.decode()
    assert "The old headline" not in answer.body.decode()


def test_a_scheduled_story_reaches_the_pages_the_front_remembers_when_its_time_comes(client):
    now = timezone.now()
    story(headline="Coming at noon", published_at=now + timedelta(minutes=5))
    for _ in range(3):
        assert "Coming at noon" not in through_wsgi("/").body.decode()

    with time_machine(now + timedelta(minutes=5, seconds=1)):
        answer = through_wsgi("/")

    assert answer.handled_by_django is True
    assert "Coming at noon" in answer.body.decode()


def test_the_front_remembers_a_bounded_number_of_requests_however_many_addresses_are_asked(client):
    through_wsgi("/")

    for number in range(page_cache.FRONT_MEMORY * 3):
        assert through_wsgi("/", query=f"utm_source={number}").handled_by_django is False

    assert 0 < len(page_cache.memory) <= page_cache.FRONT_MEMORY


def test_the_front_forgets_what_it_remembers_when_a_setting_changes(client, settings):
    through_wsgi("/")
    assert through_wsgi("/").handled_by_django is False
    assert page_cache.memory

    settings.ALLOWED_HOSTS = ["newsroom.example"]

    assert page_cache.memory == {}
    assert through_wsgi("/").status == "400 Bad Request"


def test_a_reader_s_other_cookies_are_answered_from_the_front_s_memory_and_a_personal_one_never_is(client):
    through_wsgi("/")
    assert through_wsgi("/", cookie="_ga=GA1.2.3").handled_by_django is False
    assert len(page_cache.memory) == 1  # the same request as without the cookie

    answer = through_wsgi("/", cookie="_ga=GA1.2.3; sessionid=x")

    assert answer.handled_by_django is True
    assert answer.headers["Cache-Control"] == "private"
