"""
Comment posting under load, against a multi-process server (issue 4, "Performance and reliability").

Run 1, many readers: CLIENTS concurrent clients post COMMENTS comments, each from an address of its own.
Every comment is a real reader's round trip: GET the comment form's page (CSRF cookie and token, the signed form
timestamp), then POST the form. It reports throughput and p50/p99 of the posts, any 5xx, and checks in
the database that every comment was stored exactly once.

Run 2, a flood: FLOODERS clients post as fast as they can from one address while READERS other clients
read the article page; the rate limit must answer 429 (with Retry-After) to the flood, and the readers
must still be served.

The server must trust one proxy hop (COMMENTS_TRUSTED_PROXY_COUNT=1, so X-Forwarded-For gives each client
its address), let forms be posted at once (COMMENTS_MIN_SECONDS=0) and keep old seeded articles open
(COMMENTS_AUTO_CLOSE_DAYS=0): SERVER_ENV holds these.

    .venv/bin/python -m bench.comments_load --serve
        starts its own gunicorn (make serve's settings plus SERVER_ENV) on a fresh database and runs both;
    .venv/bin/python -m bench.comments_load --url http://127.0.0.1:PORT/section/slug-1/ [--database-url …]
        runs both against a server you started with SERVER_ENV; with --database-url (the server's
        DATABASE_URL) it also checks that every comment was stored exactly once;
    make bench BENCH_ARGS=--comments
        bench/__main__.py calls run() on its own server (which must add SERVER_ENV to its environment).
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench import server

ROOT = Path(__file__).resolve().parent.parent
SERVER_ENV = {"COMMENTS_TRUSTED_PROXY_COUNT": "1", "COMMENTS_MIN_SECONDS": "0", "COMMENTS_AUTO_CLOSE_DAYS": "0"}
CLIENTS = 50
COMMENTS = 2000
FLOODERS = 10
FLOOD_POSTS = 300
READERS = 10

TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
CSRF_INPUT_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ARTICLE_ID_RE = re.compile(r"-(\d+)/$")  # the end of an article's address: /<section>/<slug>-<pk>/
ACTION_RE = re.compile(r'<form method="post" action="(/comments/article/\d+/post/)"')


class Client:
    """One reader: plain http.client, a new connection per request (gunicorn's sync workers close them)."""

    def __init__(self, base_url, address):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.address = address
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = {"X-Forwarded-For": self.address, "User-Agent": "newsroom-bench/1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, content.decode("utf-8", "replace"), elapsed

    def fresh_form(self, article_path):
        # Article pages are the same for everyone and carry no form: its token and timestamp come from the
        # comment form's own page (comments.views.comment_form), as they do for a reader without JavaScript.
        article_id = ARTICLE_ID_RE.search(article_path).group(1)
        response, html, elapsed = self.request("GET", f"/comments/article/{article_id}/form/")
        if response.status != 200:
            return None, response.status, elapsed
        form = {
            "action": ACTION_RE.search(html).group(1),
            "token": TOKEN_RE.search(html).group(1),
            "csrfmiddlewaretoken": CSRF_INPUT_RE.search(html).group(1),
        }
        return form, response.status, elapsed

    def post_comment(self, article_path, form, *, name, email, text):
        body = urlencode(
            {
                "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
                "token": form["token"],
                "parent": "",
                "website": "",
                "name": name,
                "email": email,
                "text": text,
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            # Django's CSRF check wants a same-origin Referer only over HTTPS; Origin is checked when sent.
            "Origin": f"http://{self.host}:{self.port}",
        }
        return self.request("POST", form["action"], body=body, headers=headers)


def address(n, prefix=10):
    return f"{prefix}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000


def run_in_threads(count, work):
    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def many_readers(base_url, article_path, *, clients, comments, run_id):
    """Run 1: every comment from an address of its own."""
    lock = threading.Lock()
    next_index = iter(range(comments))
    statuses, post_times, get_times, failures = Counter(), [], [], []

    def work(_):
        while True:
            with lock:
                n = next(next_index, None)
            if n is None:
                return
            client = Client(base_url, address(n + 1))
            try:
                form, status, get_time = client.fresh_form(article_path)
                if form is None:
                    with lock:
                        statuses[f"GET {status}"] += 1
                    continue
                response, _, post_time = client.post_comment(
                    article_path,
                    form,
                    name=f"Load reader {n}",
                    email=f"reader{n}.{run_id}@load.example",
                    text=f"load {run_id} {n}: what a trailer!",
                )
            except OSError as error:
                with lock:
                    failures.append(repr(error))
                continue
            with lock:
                statuses[response.status] += 1
                post_times.append(post_time)
                get_times.append(get_time)

    started = time.perf_counter()
    run_in_threads(clients, work)
    seconds = time.perf_counter() - started
    return {
        "clients": clients,
        "comments_sent": comments,
        "seconds": round(seconds, 2),
        "comments_per_second": round(statuses[302] / seconds, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
        "server_errors": sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500),
        "connection_failures": len(failures),
        "post_p50_ms": round(percentile(post_times, 0.5), 1) if post_times else None,
        "post_p99_ms": round(percentile(post_times, 0.99), 1) if post_times else None,
        "page_p50_ms": round(percentile(get_times, 0.5), 1) if get_times else None,
        "page_p99_ms": round(percentile(get_times, 0.99), 1) if get_times else None,
    }


def flood(base_url, article_path, *, flooders, posts, readers, run_id):
    """Run 2: one address floods while other readers read the page."""
    lock = threading.Lock()
    sent = iter(range(posts))
    flood_statuses, retry_after, reader_statuses, reader_times = Counter(), set(), Counter(), []
    flooding = threading.Event()
    flooding.set()
    flooder_address = "192.0.2.66"

    def flood_work(_):
        client = Client(base_url, flooder_address)
        form, _, _ = client.fresh_form(article_path)
        while True:
            with lock:
                n = next(sent, None)
            if n is None:
                return
            response, _, _ = client.post_comment(
                article_path,
                form,
                name="Flooder",
                email=f"flood{n}.{run_id}@load.example",
                text=f"flood {run_id} {n}",
            )
            with lock:
                flood_statuses[response.status] += 1
                if response.status == 429:
                    retry_after.add(response.getheader("Retry-After"))

    def read_work(i):
        client = Client(base_url, address(i + 1, prefix=172))
        while flooding.is_set():
            response, _, elapsed = client.request("GET", article_path)
            with lock:
                reader_statuses[response.status] += 1
                reader_times.append(elapsed)

    reader_threads = [threading.Thread(target=read_work, args=(i,)) for i in range(readers)]
    for thread in reader_threads:
        thread.start()
    started = time.perf_counter()
    run_in_threads(flooders, flood_work)
    seconds = time.perf_counter() - started
    flooding.clear()
    for thread in reader_threads:
        thread.join()
    return {
        "flood_posts": posts,
        "flood_clients": flooders,
        "seconds": round(seconds, 2),
        "flood_statuses": {str(k): v for k, v in sorted(flood_statuses.items())},
        "retry_after_values": sorted(filter(None, retry_after), key=int)[:3],
        "readers": readers,
        "reader_statuses": {str(k): v for k, v in sorted(reader_statuses.items())},
        "reader_p50_ms": round(percentile(reader_times, 0.5), 1) if reader_times else None,
        "reader_p99_ms": round(percentile(reader_times, 0.99), 1) if reader_times else None,
    }


def stored_once(run_id, comments):
    """From the server's database: each comment of run 1 is there exactly once."""
    from django.db.models import Count

    from comments.models import Comment

    rows = Comment.objects.filter(text__startswith=f"load {run_id} ").values("text").annotate(n=Count("id"))
    copies = Counter(row["n"] for row in rows)
    return {
        "stored": sum(row["n"] for row in rows),
        "distinct": len(rows),
        "duplicates": sum(n - 1 for n in (row["n"] for row in rows) if n > 1),
        "missing": comments - len(rows),
        "exactly_once": len(rows) == comments and set(copies) == {1},
    }


def check_server_trusts_forwarded_for(base_url, article_path):
    """Refuse to measure a server that would see every client as one address (all 429 after a few)."""
    probe = f"probe-{uuid.uuid4().hex[:8]}"
    client = Client(base_url, "198.51.100.250")
    form, status, _ = client.fresh_form(article_path)
    if form is None:
        raise SystemExit(f"GET {article_path} answered {status}: give the address of a published article.")
    response, html, _ = client.post_comment(
        article_path, form, name="Probe", email=f"{probe}@load.example", text=f"{probe}: checking the set-up"
    )
    if response.status != 302:
        raise SystemExit(f"The probe comment was refused with {response.status}; are comments open on that article?")
    return probe


def check_probe_address(probe):
    from comments.models import Comment

    stored = Comment.objects.filter(email=f"{probe}@load.example").values_list("ip_address", flat=True).first()
    if stored != "198.51.100.250":
        raise SystemExit(
            f"The server saw the probe's address as {stored}, not its X-Forwarded-For: start it with "
            f"{' '.join(f'{k}={v}' for k, v in SERVER_ENV.items())}."
        )


def run(base_url, *, article_path, concurrency=None, duration=None, clients=CLIENTS, comments=COMMENTS, check=True):
    """Both runs against a server that is already up; JSON-able results.

    `concurrency` and `duration` are the page benchmark's and are not used: this load is defined by the
    number of clients and comments, as the issue sets them.
    """
    run_id = uuid.uuid4().hex[:8]
    probe = check_server_trusts_forwarded_for(base_url, article_path)
    if check:
        check_probe_address(probe)
    results = {"run_id": run_id}
    print(f"Comments: {clients} clients post {comments} comments from {comments} addresses", flush=True)
    results["many_readers"] = many_readers(base_url, article_path, clients=clients, comments=comments, run_id=run_id)
    if check:
        results["many_readers"]["database"] = stored_once(run_id, comments)
    print(f"Comments: {FLOODERS} clients flood from one address while {READERS} readers read", flush=True)
    results["flood"] = flood(
        base_url, article_path, flooders=FLOODERS, posts=FLOOD_POSTS, readers=READERS, run_id=run_id
    )
    return results


# Standalone: a server of our own --------------------------------------------------------------


SEED = """
from django.utils import timezone
from articles.models import Article, Section
section, _ = Section.objects.get_or_create(slug="load", defaults={"name": "Load"})
article, _ = Article.objects.get_or_create(
    slug="comment-load", section=section,
    defaults={"headline": "Comment load", "status": "published", "published_at": timezone.now()},
)
print(article.get_absolute_url())
"""


@contextlib.contextmanager
def own_server(workers):
    """gunicorn as `make serve` runs it, with SERVER_ENV, on a fresh database in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="comments-load-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "GENERATE_SECRET_KEY": "1",
        "SECURE_COOKIES": "0",
        "VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "PYTHONWARNINGS": "ignore",
        **SERVER_ENV,
    }
    python = sys.executable

    def manage(*args, **kwargs):
        return subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603

    manage("migrate", "--no-input", "--verbosity", "0")
    manage("collectstatic", "--no-input", "--verbosity", "0")
    article_path = manage("shell", "-c", SEED, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    try:
        with server.gunicorn(env, workers=workers, log_path=folder / "gunicorn.log", ready_path=article_path) as (
            _process,
            url,
        ):
            yield url, article_path, env["DATABASE_URL"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.comments_load", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a published article's address on a server started with SERVER_ENV")
    where.add_argument("--serve", action="store_true", help="start a server of our own on a fresh database")
    parser.add_argument("--database-url", help="the server's DATABASE_URL, to check every comment is stored once")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--comments", type=int, default=COMMENTS)
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1)
    args = parser.parse_args(argv)
    if args.serve:
        with own_server(args.workers) as (base_url, article_path, database_url):
            setup_django(database_url)
            results = run(base_url, article_path=article_path, clients=args.clients, comments=args.comments)
            results["workers"] = args.workers
    else:
        parts = urlsplit(args.url)
        if args.database_url:
            setup_django(args.database_url)
        base_url = f"{parts.scheme}://{parts.netloc}"
        results = run(
            base_url,
            article_path=parts.path,
            clients=args.clients,
            comments=args.comments,
            check=bool(args.database_url),
        )
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print(json.dumps(results, indent=2))
    print(summary(results))


def summary(results):
    many, flood_run = results["many_readers"], results["flood"]
    lines = [
        f"Run 1: {many['comments_sent']} comments from {many['clients']} clients in {many['seconds']} s: "
        f"{many['comments_per_second']} comments/s, post p50 {many['post_p50_ms']} ms, p99 {many['post_p99_ms']} ms, "
        f"server errors {many['server_errors']}, statuses {many['statuses']}",
    ]
    if "database" in many:
        db = many["database"]
        lines.append(
            f"       stored exactly once: {db['exactly_once']} ({db['distinct']} distinct, "
            f"{db['duplicates']} duplicates, {db['missing']} missing)"
        )
    lines.append(
        f"Run 2: flood of {flood_run['flood_posts']} posts from one address: {flood_run['flood_statuses']}, "
        f"Retry-After e.g. {flood_run['retry_after_values']}; {flood_run['readers']} readers meanwhile: "
        f"{flood_run['reader_statuses']}, p50 {flood_run['reader_p50_ms']} ms, p99 {flood_run['reader_p99_ms']} ms"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
