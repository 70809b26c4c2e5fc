"""Two application servers in front of one PostgreSQL and one Redis: what a reader does on one, the other knows.

Each server is gunicorn running newsroom.wsgi as `make serve` does (DEBUG off, static files collected), on a
port of its own, against the test database and the cache this suite runs with. They run on PostgreSQL with
Redis only (CI's PostgreSQL leg, `make test-pg`): SQLite's test database lives in this process's memory,
and a local-memory cache is each process's own, so there is nothing two servers could share.
"""

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import global_settings, settings
from django.core.cache import cache
from django.db import connection

from articles.tests.builders import make_article
from comments.models import Comment
from comments.tests.builders import make_moderator

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
WORKERS = 2

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two servers share a PostgreSQL database"),
    pytest.mark.skipif(
        settings.CACHES["default"]["BACKEND"] != "newsroom.redis_cache.RedisCache",
        reason="two servers share a Redis cache: set CACHE_URL=redis://… (CI's PostgreSQL leg does)",
    ),
    pytest.mark.django_db(transaction=True),  # the servers read what the tests commit
]

# Each worker of either server, once it has loaded the application, notes in the cache what it found
# there; server a's workers also leave a note for server b's, which start after them.
GUNICORN_CONFIG = """
import os


def post_worker_init(worker):
    from django.core.cache import cache

    prefix, server = os.environ["TWO_SERVERS_PREFIX"], os.environ["TWO_SERVERS_NAME"]
    cache.set(f"{prefix}:seen-by:{os.getpid()}", cache.get(f"{prefix}:from-a"), 300)
    if server == "a":
        cache.set(f"{prefix}:from-a", f"left by server a's worker {os.getpid()}", 300)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_pids(master):
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master.pid:  # its parent's pid
                pids.append(int(stat.parent.name))
    return sorted(pids)


class Server:
    """One gunicorn, started and ready: all its workers up, each having noted itself in the cache."""

    def __init__(self, name, env, folder, prefix):
        self.name, self.port = name, free_port()
        self.log = folder / f"gunicorn-{name}.log"
        command = [
            GUNICORN, "newsroom.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS),
            "--config", str(folder / "gunicorn.conf.py"),
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                command, cwd=BASE_DIR, env={**env, "TWO_SERVERS_NAME": name}, stdout=log, stderr=log
            )
        self.wait_until_ready(prefix)

    def wait_until_ready(self, prefix, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server {self.name} exited with {self.process.returncode}: {self.log.read_text()}")
            self.workers = worker_pids(self.process)
            noted = [pid for pid in self.workers if cache.has_key(f"{prefix}:seen-by:{pid}")]
            if len(noted) == WORKERS and Reader().get(self, "/admin/login/")[0] == 200:
                return
            time.sleep(0.1)
        pytest.fail(f"server {self.name} was not ready after {timeout} s: {self.log.read_text()}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Servers a and b, a started (all its workers up) before b; both stopped after this module's tests."""
    folder = tmp_path_factory.mktemp("two-servers")
    (folder / "gunicorn.conf.py").write_text(GUNICORN_CONFIG)
    database = connection.settings_dict
    prefix = f"two-servers:{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",  # the test database, with what the tests commit
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # one key for both: their cookies and signed forms agree
        "SECURE_COOKIES": "0",  # plain http on 127.0.0.1
        "VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "COMMENTS_MIN_SECONDS": "0",  # the form is sent as soon as it is read
        "COMMENTS_RATE_LIMIT_PER_BROWSER": "2",
        "COMMENTS_RATE_LIMIT_PER_EMAIL": "2",
        "TWO_SERVERS_PREFIX": prefix,
    }
    manage = [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"]
    subprocess.run(manage, cwd=BASE_DIR, env=env, check=True)  # noqa: S603 (our own command line)
    started = []
    try:
        with django_db_blocker.unblock():
            for name in ("a", "b"):
                started.append(Server(name, env, folder, prefix))
        yield {"a": started[0], "b": started[1], "prefix": prefix}
    finally:
        for server in started:
            server.stop()


class Reader:
    """One browser: its cookies, a new connection per request (sync workers close each one)."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            html = response.read().decode()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, content = cookie.partition("=")
                self.cookies[key.strip()] = content
        return response.status, html, response

    def get(self, server, path):
        return self.request(server, "GET", path)

    def post(self, server, path, fields):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{server.port}",  # Django's CSRF check compares it with the host
        }
        return self.request(server, "POST", path, urlencode(fields), headers)

    def comment_form(self, server, article):
        """The article's comment form as this server gives it (the page a reader without JavaScript opens from
        the article's "Share your comment" link): its address and hidden fields."""
        status, html, _ = self.get(server, f"/comments/article/{article.pk}/form/")
        assert status == 200
        return {
            "action": re.search(r'<form method="post" action="(/comments/article/\d+/post/)"', html).group(1),
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
            "token": re.search(r'name="token" value="([^"]+)"', html).group(1),
        }

    def send_comment(self, server, form, *, email, text):
        fields = {key: value for key, value in form.items() if key != "action"}
        fields |= {"name": "Asha", "email": email, "text": text, "website": "", "parent": ""}
        status, html, response = self.post(server, form["action"], fields)
        return status, html, response.getheader("Retry-After")


BROWSER_LIMITED = "You have sent several comments from this browser in a short time."
EMAIL_LIMITED = "You have sent several comments with this email address in a short time."


def test_a_browser_limited_on_one_server_is_limited_on_the_other(servers):
    a, b = servers["a"], servers["b"]
    article = make_article()
    reader = Reader()
    form = reader.comment_form(a, article)

    sent = [reader.send_comment(a, form, email=f"asha{n}@example.com", text=f"Comment {n}")[0] for n in (1, 2)]
    on_a = reader.send_comment(a, form, email="asha3@example.com", text="Third, on a")
    on_b = reader.send_comment(b, form, email="asha4@example.com", text="Third, on b")

    assert sent == [302, 302]
    assert (on_a[0], BROWSER_LIMITED in on_a[1]) == (429, True)
    assert (on_b[0], BROWSER_LIMITED in on_b[1]) == (429, True)
    assert 590 <= int(on_b[2]) <= 600  # Retry-After: the first comment leaves the 600 s window first
    assert sorted(Comment.objects.values_list("text", flat=True)) == ["Comment 1", "Comment 2"]


def test_an_email_limited_on_one_server_is_limited_on_the_other_whatever_the_browser(servers):
    a, b = servers["a"], servers["b"]
    article = make_article()

    sent = []
    for n in (1, 2):
        reader = Reader()  # a browser of its own each time, so only the email is counted
        sent.append(reader.send_comment(a, reader.comment_form(a, article), email="asha@example.com", text=f"{n}")[0])
    reader = Reader()
    status, html, _ = reader.send_comment(b, reader.comment_form(b, article), email="asha@example.com", text="3")

    assert sent == [302, 302]
    assert (status, EMAIL_LIMITED in html) == (429, True)
    assert Comment.objects.filter(email="asha@example.com").count() == 2


def test_a_form_one_server_gave_is_accepted_by_the_other(servers):
    a, b = servers["a"], servers["b"]
    article = make_article()
    reader = Reader()

    status, _, _ = reader.send_comment(
        b, reader.comment_form(a, article), email="asha@example.com", text="Read on a, sent to b"
    )

    assert status == 302
    assert Comment.objects.get().text == "Read on a, sent to b"


def test_a_moderator_signed_in_on_one_server_is_signed_in_on_the_other(servers, settings):
    a, b = servers["a"], servers["b"]
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the servers', not the tests' fast one
    make_moderator(username="mod")
    moderator = Reader()
    _, html, _ = moderator.get(a, "/admin/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    signed_in = moderator.post(
        a, "/admin/login/?next=/admin/", {"csrfmiddlewaretoken": csrf, "username": "mod", "password": "pw-for-tests-1"}
    )
    status, html, _ = moderator.get(b, "/admin/comments/comment/")

    assert (signed_in[0], signed_in[2].getheader("Location")) == (302, "/admin/")
    assert status == 200
    assert "<title>Comments to moderate | Newsroom</title>" in html


def test_what_one_servers_workers_put_in_the_cache_the_other_servers_workers_read(servers):
    a, b, prefix = servers["a"], servers["b"], servers["prefix"]
    left_by_a = {f"left by server a's worker {pid}" for pid in a.workers}

    seen_by_b = [cache.get(f"{prefix}:seen-by:{pid}") for pid in b.workers]

    assert len(b.workers) == WORKERS
    assert set(seen_by_b) <= left_by_a
    assert cache.get(f"{prefix}:from-a") in left_by_a  # and this process, a third one, reads it too
