"""
Faults under load (issue 13, "Proven, with scripts under bench/"): each scenario breaks one thing while
readers read and post comments against a real gunicorn, then counts what they got and what the database kept.

    .venv/bin/python -m bench.faults [--only kill-sqlite kill-postgres postgres redis media flood]
    make bench BENCH_ARGS=--faults

1. kill-sqlite, kill-postgres: one gunicorn worker killed with SIGKILL while clients post comments.
2. postgres: PostgreSQL stopped for a few seconds and started again, the application left running.
3. redis: Redis stopped for a few seconds and started again (the page cache and the site settings' cache).
4. media: pictures uploaded through the admin while the media folder is full, then read-only.
5. flood: 1,000 posts from one address and 100 from 100 addresses at once, while others read.

PostgreSQL and Redis are a pair of our own (`.ci/services` in var/faults, on ports 54349 and 63819, never
the default ones), started when missing and stopped at the end. The media scenario mounts a small tmpfs,
which needs root. Every comment a client saw answered 302 must be stored exactly once (`verdict`); results
are printed as JSON and written to var/faults/results.json; docs/performance.md, "Faults under load".
"""

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from bench import comments_load, server
from bench.comments_load import Client, address

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "faults"
PG_PORT, REDIS_PORT = 54349, 63819
POSTGRES_URL = f"postgres://newsroom@127.0.0.1:{PG_PORT}/newsroom"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
SERVICES = {"PG_PORT": str(PG_PORT), "REDIS_PORT": str(REDIS_PORT)}
WORKERS = 3
TEXT_RE = re.compile(r"^fault (\w+) (\d+):")


# Pure helpers (bench/tests/test_faults.py) ------------------------------------------------------------


def verdict(outcomes, stored):
    """What the database kept of the posts the clients sent.

    `outcomes`: {post number: HTTP status, or "connection error"}; `stored`: {post number: rows with its text}.
    A post answered 302 was promised to the reader: it must be there exactly once. One whose answer never
    came (its worker killed, its connection dropped) may be there once or not at all, never twice.
    """
    acknowledged = {n for n, status in outcomes.items() if status == 302}
    return {
        "acknowledged": len(acknowledged),
        "acknowledged_stored_once": sum(1 for n in acknowledged if stored.get(n) == 1),
        "lost": sorted(n for n in acknowledged if not stored.get(n)),
        "duplicated": sorted(n for n, copies in stored.items() if copies > 1),
        "stored_without_answer": sorted(n for n in stored if n not in acknowledged and outcomes.get(n) != 302),
        "exactly_once": all(stored.get(n) == 1 for n in acknowledged) and all(c == 1 for c in stored.values()),
    }


def by_phase(events, marks):
    """Statuses counted per phase: `events` [(time, status)], `marks` [(time, phase name)] in order; an event
    belongs to the last mark at or before it (the first phase for any before every mark)."""
    phases = {name: Counter() for _, name in marks}
    for at, status in events:
        phase = marks[0][1]
        for mark_at, name in marks:
            if mark_at <= at:
                phase = name
        phases[phase][str(status)] += 1
    return {name: dict(sorted(counts.items())) for name, counts in phases.items()}


# The application under test -------------------------------------------------------------------------


class App:
    def __init__(self, env, process, url, article_path, log_path):
        self.env, self.process, self.url, self.article_path, self.log_path = env, process, url, article_path, log_path

    def manage(self, *args, **kwargs):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, **kwargs
        )

    def shell(self, code):
        return self.manage("shell", "-c", code, capture_output=True, text=True).stdout.strip().splitlines()[-1]

    def stored(self, run_id):
        """{post number: rows} for the comments of this run, read by the server's own settings."""
        code = (
            "import json\nfrom collections import Counter\nfrom comments.models import Comment\n"
            f"texts = Comment.objects.filter(text__startswith='fault {run_id} ').values_list('text', flat=True)\n"
            "print(json.dumps(Counter(t.split(':', 1)[0].rsplit(' ', 1)[1] for t in texts)))"
        )
        return {int(n): copies for n, copies in json.loads(self.shell(code)).items()}

    def log_count(self, words):
        return self.log_path.read_text(errors="replace").count(words)


@contextlib.contextmanager
def app(name, *, database="sqlite", cache=False, page_cache=True, media_root=None, workers=WORKERS):
    """`make serve`'s gunicorn with comments_load.SERVER_ENV, migrated and seeded, in var/faults/app-<name>/."""
    folder = VAR / f"app-{name}"  # never VAR/postgres, the cluster's own folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {
        **os.environ,
        "DEBUG": "0",
        "GENERATE_SECRET_KEY": "1",
        "SECURE_COOKIES": "0",
        "VAR_DIR": str(folder),
        "DATABASE_URL": POSTGRES_URL if database == "postgres" else f"sqlite:///{folder / 'db.sqlite3'}",
        "PAGE_CACHE": "1" if page_cache else "0",
        "MEDIA_ROOT": str(media_root or folder / "media"),
        "PYTHONWARNINGS": "ignore",
        **comments_load.SERVER_ENV,
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    if cache:
        env["CACHE_URL"] = REDIS_URL
    probe = App(env, None, None, None, folder / "gunicorn.log")
    probe.manage("migrate", "--no-input", "--verbosity", "0")
    probe.manage("collectstatic", "--no-input", "--verbosity", "0")
    article_path = probe.shell(comments_load.SEED)
    with server.gunicorn(env, workers=workers, log_path=probe.log_path, ready_path=article_path) as (process, url):
        yield App(env, process, url, article_path, probe.log_path)


def services(command):
    subprocess.run(  # noqa: S603
        [str(ROOT / ".ci" / "services"), command, str(VAR)], env={**os.environ, **SERVICES}, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def postgres_ctl(*args):
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]
    data = Path((VAR / "postgres-path").read_text().strip() if (VAR / "postgres-path").exists() else VAR / "postgres")
    subprocess.run(  # noqa: S603
        ["runuser", "-u", "postgres", "--", str(pg_bin / "pg_ctl"), "--pgdata", str(data / "data"), *args],  # noqa: S607
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def stop_redis():
    pid = int((VAR / "redis.pid").read_text())
    os.kill(pid, signal.SIGTERM)
    while Path(f"/proc/{pid}").exists():
        time.sleep(0.05)


# Load: posters and readers until told to stop ---------------------------------------------------------


class Load:
    """Posters (each post a new reader: its own address, cookie and email) and readers, in threads."""

    def __init__(self, app, *, posters=8, readers=4, reader_paths=None, first_address=1):
        self.app, self.run_id = app, uuid.uuid4().hex[:8]
        self.posters, self.readers = posters, readers
        self.reader_paths = reader_paths or [app.article_path]
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.numbers = iter(range(1_000_000))
        self.first_address = first_address
        self.outcomes, self.post_events, self.read_events, self.bodies = {}, [], [], {}
        self.threads = []

    def start(self):
        self.threads = [threading.Thread(target=self.post) for _ in range(self.posters)]
        self.threads += [threading.Thread(target=self.read, args=(i,)) for i in range(self.readers)]
        for thread in self.threads:
            thread.start()
        return self

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def post(self):
        while not self.stop.is_set():
            with self.lock:
                n = next(self.numbers)
            client = Client(self.app.url, address(self.first_address + n))
            try:
                form, status, _ = client.fresh_form(self.app.article_path)
                if form is None:
                    self.record(self.post_events, f"form {status}")
                    time.sleep(0.05)
                    continue
                response, body, _ = client.post_comment(
                    self.app.article_path,
                    form,
                    name=f"Fault reader {n}",
                    email=f"fault{n}.{self.run_id}@load.example",
                    text=f"fault {self.run_id} {n}: still here?",
                )
                status = response.status
            except (OSError, http_errors()) as error:
                status = "connection error"
                body = repr(error)
            with self.lock:
                self.outcomes[n] = status
            self.record(self.post_events, status, body)

    def read(self, i):
        client = Client(self.app.url, address(i + 1, prefix=172))
        paths = self.reader_paths
        k = 0
        while not self.stop.is_set():
            path = paths[k % len(paths)]
            k += 1
            try:
                response, body, _ = client.request("GET", path)
                status = response.status
            except (OSError, http_errors()) as error:
                status, body = "connection error", repr(error)
            self.record(self.read_events, status, body)
            time.sleep(0.01)

    def record(self, events, status, body=""):
        with self.lock:
            events.append((time.monotonic(), status))
            if status not in (200, 302) and status not in self.bodies:
                self.bodies[status] = body[:300]

    def result(self, marks):
        stored = self.app.stored(self.run_id)
        return {
            "posts": by_phase(self.post_events, marks),
            "reads": by_phase(self.read_events, marks),
            "database": verdict(self.outcomes, stored),
            "first_body_of_each_other_status": {str(k): v for k, v in self.bodies.items()},
        }


def http_errors():
    import http.client

    return http.client.HTTPException


def wait_for(predicate, timeout=30):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return round(time.monotonic() - started, 2)
        time.sleep(0.1)
    return None


def answers(app, path, status=200):
    try:
        response, _, _ = Client(app.url, "127.0.0.1").request("GET", path)
    except OSError:
        return False
    return response.status == status


# 1. A worker killed ----------------------------------------------------------------------------------


def killed_worker(database):
    with app(f"kill-{database}", database=database) as running:
        before = sorted(server.worker_pids(running.process.pid))
        load = Load(running).start()
        marks = [(time.monotonic(), "before")]
        time.sleep(4)
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        marks.append((time.monotonic(), "after the kill"))
        restarted = wait_for(lambda: len(set(server.worker_pids(running.process.pid)) - {victim}) == WORKERS)
        time.sleep(4)
        load.finish()
        after = sorted(server.worker_pids(running.process.pid))
        return {
            "database": database,
            "workers": WORKERS,
            "killed_pid": victim,
            "worker_back_after_s": restarted,
            "workers_after": len(after),
            "replaced": victim not in after,
            **load.result(marks),
        }


# 2. PostgreSQL restarted -----------------------------------------------------------------------------


def postgres_restart():
    # The page cache off: every read reaches the database (a cached page would be served while it is down).
    paths = ["/", "/latest/", "/healthz"]
    with app("postgres", database="postgres", cache=True, page_cache=False) as running:
        load = Load(running, reader_paths=[running.article_path, *paths]).start()
        marks = [(time.monotonic(), "up")]
        time.sleep(3)
        marks.append((time.monotonic(), "down"))
        postgres_ctl("stop", "--mode", "fast", "--wait")
        time.sleep(5)
        services("start")
        marks.append((time.monotonic(), "started again"))
        recovered = wait_for(lambda: answers(running, "/healthz"))
        marks.append((time.monotonic(), "recovered"))
        time.sleep(3)
        load.finish()
        return {
            "down_s": 5,
            "healthz_200_after_start_s": recovered,
            "same_gunicorn": running.process.poll() is None,
            "tracebacks_in_responses": sum(1 for body in load.bodies.values() if "Traceback" in body),
            **load.result(marks),
        }


# 3. Redis stopped ------------------------------------------------------------------------------------


def redis_stopped():
    with app("redis", database="postgres", cache=True, page_cache=True) as running:
        load = Load(running, reader_paths=[running.article_path, "/", "/latest/"]).start()
        marks = [(time.monotonic(), "up")]
        time.sleep(3)
        warnings_before = running.log_count("did not answer")
        stop_redis()
        marks.append((time.monotonic(), "down"))
        time.sleep(5)
        warnings_down = running.log_count("did not answer") - warnings_before
        services("start")
        marks.append((time.monotonic(), "started again"))
        time.sleep(3)
        load.finish()
        result = load.result(marks)
        reads_down = sum(result["reads"]["down"].values())
        return {
            "down_s": 5,
            "cache_warnings_logged_while_down": warnings_down,
            "reads_while_down": reads_down,
            **result,
        }


# 4. Media full, then read-only ------------------------------------------------------------------------

MEDIA_SIZE_KIB = 512
SIGN_IN = """
from django.contrib.auth import get_user_model
User = get_user_model()
User.objects.filter(username="faults").delete()
User.objects.create_superuser("faults", "faults@example.com", "a long fault password")
print("ok")
"""
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERRORLIST_RE = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)


def picture(size=(400, 300)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, "PNG")  # noise: bytes that do not compress
    return buffer.getvalue()


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: image/png\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def signed_in_editor(running):
    running.shell(SIGN_IN)
    client = Client(running.url, "127.0.0.1")
    _, html, _ = client.request("GET", "/admin/login/")
    body = urlencode(
        {
            "csrfmiddlewaretoken": CSRF_RE.search(html).group(1),
            "username": "faults",
            "password": "a long fault password",
            "next": "/admin/",
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": running.url}
    response, _, _ = client.request("POST", "/admin/login/", body=body, headers=headers)
    if response.status != 302:
        raise SystemExit(f"Signing in to the admin answered {response.status}")
    return client


def upload(running, client, content):
    _, html, _ = client.request("GET", "/admin/articles/image/add/")
    fields = {
        "csrfmiddlewaretoken": CSRF_RE.search(html).group(1),
        "focal_x": "0.5",
        "focal_y": "0.5",
        "alt_text": "A fault's picture",
        "caption": "",
        "credit": "",
    }
    body, content_type = multipart(fields, {"file": ("fault.png", content)})
    response, html, _ = client.request(
        "POST", "/admin/articles/image/add/", body=body, headers={"Content-Type": content_type, "Origin": running.url}
    )
    errors = [re.sub(r"<[^>]+>", "", e).strip() for e in ERRORLIST_RE.findall(html)]
    return response.status, errors


def media_files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "filler")


def count_images(running):
    return int(running.shell("from articles.models import Image; print(Image.objects.count())"))


def media_faults():
    mount = VAR / "media-mount"
    mount.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(  # noqa: S603
            ["mount", "-t", "tmpfs", "-o", f"size={MEDIA_SIZE_KIB}k", "tmpfs", str(mount)],  # noqa: S607
            check=True, capture_output=True,
        )  # fmt: skip
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        return {"skipped": f"could not mount a tmpfs for the media folder (needs root): {error}"}
    try:
        with app("media", media_root=mount) as running:
            content = picture()
            client = signed_in_editor(running)
            results = {"picture_kib": round(len(content) / 1024, 1), "media_kib": MEDIA_SIZE_KIB}
            filler = mount / "filler"
            free = shutil.disk_usage(mount).free
            with open(filler, "wb") as handle, contextlib.suppress(OSError):  # less room than the picture needs
                handle.write(b"\0" * max(0, free - len(content) // 2))
            for case in ("full", "read-only"):
                if case == "read-only":
                    filler.unlink()
                    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)  # noqa: S603, S607
                files, rows = media_files(mount), count_images(running)
                status, errors = upload(running, client, content)
                results[case] = {
                    "status": status,
                    "errors": errors,
                    "files_left": sorted(set(media_files(mount)) - set(files)),
                    "rows_added": count_images(running) - rows,
                }
            subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)  # noqa: S603, S607
            status, errors = upload(running, client, content)
            results["writable again"] = {"status": status, "errors": errors, "files": len(media_files(mount))}
            return results
    finally:
        subprocess.run(["umount", str(mount)], check=False)  # noqa: S603, S607


# 5. A flood -----------------------------------------------------------------------------------------


def flood():
    with app("flood") as running:
        run_id = uuid.uuid4().hex[:8]
        results = {}

        def legitimate():
            results["legitimate"] = comments_load.many_readers(
                running.url, running.article_path, clients=20, comments=100, run_id=run_id
            )

        thread = threading.Thread(target=legitimate)
        thread.start()
        results["flood"] = comments_load.flood(
            running.url, running.article_path, flooders=10, posts=1000, readers=5, run_id=run_id
        )
        thread.join()
        code = (
            "import json\nfrom django.db.models import Count\nfrom comments.models import Comment\n"
            f"rows = Comment.objects.filter(text__startswith='load {run_id} ').values('text').annotate(n=Count('id'))\n"
            f"flood = Comment.objects.filter(text__startswith='flood {run_id} ').count()\n"
            "copies = sorted({r['n'] for r in rows})\n"
            "print(json.dumps({'distinct': len(rows), 'copies': copies, 'flood_stored': flood}))"
        )
        stored = json.loads(running.shell(code))
        results["legitimate"]["database"] = {
            **stored,
            "exactly_once": stored["distinct"] == results["legitimate"]["statuses"].get("302")
            and stored["copies"] == [1],
        }
        return results


SCENARIOS = {
    "kill-sqlite": lambda: killed_worker("sqlite"),
    "kill-postgres": lambda: killed_worker("postgres"),
    "postgres": postgres_restart,
    "redis": redis_stopped,
    "media": media_faults,
    "flood": flood,
}


def run(only=None):
    VAR.mkdir(parents=True, exist_ok=True)
    services("start")
    results = {}
    try:
        for name in only or SCENARIOS:
            started = time.monotonic()
            print(f"Faults: {name}", flush=True)
            results[name] = SCENARIOS[name]()
            results[name]["scenario_s"] = round(time.monotonic() - started, 1)
            print(json.dumps(results[name], indent=2), flush=True)
            (VAR / "results.json").write_text(json.dumps(results, indent=2))  # each scenario's, as it ends
    finally:
        services("stop")
    print(f"Results written to {VAR / 'results.json'}")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=list(SCENARIOS), metavar="NAME", help=", ".join(SCENARIOS))
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    run(args.only)


if __name__ == "__main__":
    main()
