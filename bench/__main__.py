"""python -m bench [--articles N [N ...]] [--duration S] [--concurrency C]: see bench/__init__.py."""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import django

from bench import databases

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
# `make serve`'s environment; VAR_DIR keeps the generated key and the collected files under var/bench too.
SERVE_ENV = {"DEBUG": "0", "GENERATE_SECRET_KEY": "1", "SECURE_COOKIES": "0", "VAR_DIR": str(BENCH_DIR)}
# The generated key is the point here (a throw-away server on loopback): its warning in every process is noise.
KEY_WARNING = "SECRET_KEY is not set"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000], metavar="N", help="data set sizes")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page and round (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all pages; each keeps its best (default 3)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before measuring (default 2)")
    parser.add_argument("--concurrency", type=int, default=8, help="connections at once (default 8)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default 2 × CPUs + 1, as make serve)")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto", help="auto: wrk if installed")
    parser.add_argument("--reseed", action="store_true", help="seed again even if a database of this size exists")
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="NAME",
        help="only these pages of bench/pages.py (e.g. article home); the article is always measured, being "
        "the baselines' bytes and the targets' page (default: every page)",
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="sqlite: a file per size under var/bench/; postgres: a database per size on the server of "
        "`make services` (or DATABASE_URL's, when it is postgres://); see bench/databases.py",
    )
    parser.add_argument(
        "--spike-seconds", type=int, default=30, help="length of the spike on the cached article (default 30)"
    )
    spike = parser.add_mutually_exclusive_group()
    spike.add_argument("--spike", dest="spike_only", action="store_true", help="only the spike, no page table")
    spike.add_argument("--no-spike", action="store_true", help="the page table without the spike")
    parser.add_argument(
        "--comments",
        action="store_true",
        help="also post comments under load (bench/comments_load.py) and measure the moderation queue with "
        "100,000 comments (bench/queue.py)",
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        help="only the fault scenarios under load (bench/faults.py: a killed worker, PostgreSQL and Redis "
        "stopped, a full media folder, a flood), on servers of their own; no page table",
    )
    return parser.parse_args(argv)


DATABASE = databases.SQLite(BENCH_DIR)  # or PostgreSQL, chosen by --database in main()


def size_dir(articles):
    return DATABASE.folder(articles)


def environment(articles):
    """The environment of every manage.py and gunicorn process for the data set of this size."""
    return {
        **os.environ,
        **SERVE_ENV,
        "PYTHONWARNINGS": f"ignore:{KEY_WARNING}",
        "DATABASE_URL": DATABASE.url(articles),
        "CACHE_URL": DATABASE.cache_url(),
        "MEDIA_ROOT": str(size_dir(articles) / "media"),
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def main(argv=None):
    global DATABASE  # one choice for the whole run, made before anything reads it

    args = parse_args(argv)
    if args.faults:  # servers, databases and data of its own (var/faults/), nothing of the page benchmark's
        from bench import faults

        faults.run()
        return
    DATABASE = databases.choose(args.database, BENCH_DIR)
    # `kill` as well as Ctrl-C unwinds through the `finally` that stops gunicorn.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(args.articles[0]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    warnings.filterwarnings("ignore", KEY_WARNING)
    django.setup()
    from bench import load, report, server  # after django.setup(): they import models and settings

    settings = {
        "client": load.client_name(args.client),
        "concurrency": args.concurrency,
        "duration": args.duration,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "workers": args.workers or server.default_workers(),
    }
    print(f"Collecting static files into {BENCH_DIR / 'static'}", flush=True)
    manage(environment(args.articles[0]), "collectstatic", "--no-input", "--verbosity", "0")
    settings["database"] = DATABASE.version()
    settings["cache"] = "Redis" if DATABASE.cache_url() else "local memory"
    results = {"machine": report.machine(), "settings": settings, "runs": []}
    for articles in args.articles:
        run = bench_size(articles, args, settings)
        results["runs"].append(run)
        print(f"\n{report.summary(run)}\n{report.table(run)}\n{report.targets(run)}\n", flush=True)
        written = report.write(results, BENCH_DIR, suffix="" if DATABASE.name == "sqlite" else f"-{DATABASE.name}")
    print(f"Results written to {written[0]} and {written[1].name}")


# The servers of one run, each `make serve`'s gunicorn with the same workers: the page cache off and on, and
# the minimal WSGI app (bench/minapp.py) serving the article's bytes, the ceiling of anything gunicorn serves.
SERVERS = {"uncached": {"PAGE_CACHE": "0"}, "cached": {"PAGE_CACHE": "1"}, "wsgi": {}}
# The targets, each a ratio taken in one run (docs/performance.md).
TARGETS = [
    ("cached article ≥ 0.8 of the minimal WSGI app", "article", "cached", "vs_wsgi", 0.8),
    ("uncached article ≥ 0.1 of the minimal WSGI app", "article", "uncached", "vs_wsgi", 0.1),
]
P99_TARGET_MS = 100  # uncached article at 8 clients


def bench_size(articles, args, settings):
    from bench import pages, server

    env = environment(articles) | extra_scripts_env(args)
    seed = prepare_database(articles, env, reseed=args.reseed)
    queue_seed = seed_queue(articles) if args.comments else None
    scenarios = [(name, path) for name, path in pages.scenarios() if not args.pages or name in {*args.pages, "article"}]
    uncached = {name: pages.inspect(path) for name, path in scenarios}
    cached = {name: pages.inspect(path, cached=True) for name, path in scenarios}
    for name, page in uncached.items():
        if page.status != 200:
            raise SystemExit(f"The {name} page answered {page.status}, not 200: nothing to measure.")
    # The baselines are the article page itself: the same bytes as a file served by whitenoise in the
    # uncached server (whitenoise lists its files when a worker starts, so it is written before gunicorn
    # starts), and from memory by the minimal WSGI app.
    from django.conf import settings as django_settings

    baseline = Path(django_settings.STATIC_ROOT) / "bench-baseline.html"
    # The bytes and headers of one answer: the stored article page, as a hit sends it.
    baseline.write_bytes(cached["article"].content)
    baseline_headers = baseline.with_suffix(".json")
    baseline_headers.write_text(json.dumps(cached["article"].headers))
    targets = [(name, mode, path) for name, path in scenarios for mode in ("uncached", "cached")]
    targets += [
        ("minimal WSGI", "wsgi", "/"),
        ("minimal WSGI, the page's headers", "wsgi", "/with-headers"),
        ("whitenoise static", "uncached", "/static/bench-baseline.html"),
    ]
    if args.spike_only:
        targets = []

    idle = server.idle_share()  # other work on the machine slows every number below
    best, errors = {}, {}
    with contextlib.ExitStack() as stack:
        running = {
            mode: stack.enter_context(
                server.gunicorn(
                    env | extra | {"BENCH_MINAPP_FILE": str(baseline), "BENCH_MINAPP_HEADERS": str(baseline_headers)},
                    workers=settings["workers"],
                    log_path=BENCH_DIR / f"gunicorn-{mode}.log",
                    app="bench.minapp:application" if mode == "wsgi" else "newsroom.wsgi",
                    ready_path="/" if mode == "wsgi" else "/static/bench-baseline.html",
                )
            )
            for mode, extra in SERVERS.items()
        }
        # Rounds take turns over the pages, and each page keeps its best round: on a shared machine a
        # burst of other work can only slow a round down, and then it does not hit the same page every time.
        for round_number in range(1, args.rounds + 1):
            for name, mode, path in targets:
                print(f"{articles:,} articles, round {round_number}/{args.rounds}: {name} ({mode}) {path}", flush=True)
                process, url = running[mode]
                warmup = args.warmup if round_number == 1 else 0  # the warm-up also fills the cached server's entries
                log_path = BENCH_DIR / f"gunicorn-{mode}.log"
                result = load_with_cpu(settings["client"], process, url + path, args, warmup=warmup, log_path=log_path)
                errors[name, mode] = errors.get((name, mode), 0) + result.errors
                if (name, mode) not in best or result.rps > best[name, mode].rps:
                    best[name, mode] = result
        extra = run_extra_scripts(args, running["uncached"][1])
        if not args.no_spike:
            extra |= run_spike(args, settings, running["cached"][1], dict(scenarios)["article"])
        memory = {
            mode: [server.memory_kib(pid) for pid in server.worker_pids(process.pid)]
            for mode, (process, _) in running.items()
        }
    if queue_seed is not None:
        extra |= measure_queue(queue_seed)
    measured = []
    for name, mode, path in targets:
        page = (cached if mode == "cached" else uncached).get(name)
        result = best[name, mode]
        measured.append(
            {
                "name": name,
                "mode": mode,
                "path": path,
                "bytes": page.bytes if page else baseline.stat().st_size,
                "queries": page.queries if page else None,
                "server_cpu_ms": result.cpu_ms,
                "cpu_ms": page.cpu_ms if page else None,
                "sql_ms": page.sql_ms if page else None,
                "requests": result.requests,
                "rps": result.rps,
                "p50_ms": result.p50_ms,
                "p99_ms": result.p99_ms,
                "errors": errors[name, mode],
            }
        )
    if measured:
        rps = {row["name"]: row["rps"] for row in measured}
        wsgi_rps, static_rps = rps["minimal WSGI"], rps["whitenoise static"]
        for row in measured:
            row["vs_wsgi"], row["vs_static"] = row["rps"] / wsgi_rps, row["rps"] / static_rps
    return {
        "articles": articles,
        "seed": seed,
        "database_mib": DATABASE.size_mib(articles),
        "memory": {
            mode: {
                "worker_peak_mib": max(peak for peak, _ in sizes) / 1024,
                "worker_private_mib": max(private for _, private in sizes) / 1024,
            }
            for mode, sizes in memory.items()
        },
        "idle_before": idle,
        "pages": measured,
        "targets": targets_met(measured),
        **extra,
    }


def load_with_cpu(client, process, url, args, *, warmup, log_path):
    """The load's result, with the server's CPU per request: its processes' CPU time over the requests its
    access log recorded (the client counts none of those it left in flight when it stopped, which the
    server still served: at 5 req/s and 8 connections that would add half to the page's CPU)."""
    from bench import load, server

    if warmup:
        load.measure(client, url, concurrency=args.concurrency, duration=warmup)
    cpu_before = server.settled_cpu_seconds(process.pid)
    _, offset = server.served_since(log_path, 0)
    result = load.measure(client, url, concurrency=args.concurrency, duration=args.duration)
    cpu_after = server.settled_cpu_seconds(process.pid)
    served, _ = server.served_since(log_path, offset)
    result.cpu_ms = (cpu_after - cpu_before) * 1000 / max(1, served)
    return result


def targets_met(measured):
    """The issue's targets against this run's rows: [(target, value, met)]."""
    rows = {(row["name"], row["mode"]): row for row in measured}
    if ("article", "uncached") not in rows:
        return []
    found = [(label, rows[name, mode][key], rows[name, mode][key] >= bar) for label, name, mode, key, bar in TARGETS]
    p99 = rows["article", "uncached"]["p99_ms"]
    found.append((f"uncached article p99 < {P99_TARGET_MS} ms at 8 clients", p99, p99 < P99_TARGET_MS))
    return found


def run_spike(args, settings, base_url, article_path):
    """The spike on the cached article (bench/spike.py), and its summary."""
    from bench import spike

    result = spike.run(settings["client"], base_url, article_path, seconds=args.spike_seconds)
    spike.restore(result)  # the data set as seeded again, for the next run
    print(spike.summary(result), flush=True)
    return {"spike": result, "spike_summary": spike.summary(result)}


def prepare_database(articles, env, *, reseed):
    """Migrate the database of this size, and seed it unless a finished seed of this size is there."""
    from django.db import connection
    from django.test import override_settings

    from bench import seed

    directory = size_dir(articles)
    marker = directory / "seed.json"
    connection.close()  # before a PostgreSQL database it may be connected to is dropped
    if reseed or not marker.exists() or not DATABASE.exists(articles):
        DATABASE.drop(articles)
        marker.unlink(missing_ok=True)
    DATABASE.create(articles)
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    # The settings were read once, for the first size; point this process's connection at this size.
    connection.settings_dict["NAME"] = DATABASE.settings_name(articles)
    if marker.exists():
        seed.seed_busy_thread()  # a data set seeded before that page joined the bench gets it now
        return {**json.loads(marker.read_text()), "reused": True}
    print(f"Seeding {articles:,} articles into {directory}", flush=True)
    with override_settings(MEDIA_ROOT=env["MEDIA_ROOT"]):
        seed.seed(articles)
        seed.seed_busy_thread()
    databases.analyze(connection)
    made = {"articles": articles, "seconds": round(time.monotonic() - started, 1)}
    marker.write_text(json.dumps(made))
    return {**made, "reused": False}


def extra_scripts_env(args):
    """What the server needs for the load scripts asked for (e.g. trusting X-Forwarded-For)."""
    if not args.comments and args.no_spike:
        return {}
    from bench import comments_load

    return comments_load.SERVER_ENV


def seed_queue(articles):
    """The moderation queue's 100,000 comments (bench/queue.py), once per data set."""
    from bench import queue

    return queue.seed(size_dir(articles))


def measure_queue(queue_seed):
    """The queue's views in-process, after the comment load has added its comments to the waiting ones."""
    from bench import queue

    result = {**queue.measure(), "seed": queue_seed}
    print(queue.summary(result), flush=True)
    return {"queue": result, "queue_summary": queue.summary(result)}


def run_extra_scripts(args, base_url):
    """Load scripts beyond page views, each behind a flag; their results join this size's run."""
    from articles.models import Article, Section

    extra = {}
    if args.comments:
        from bench import comments_load

        # Under a recent story (comments close after a while) of the last section, which no page scenario
        # shows, so that the pages measured stay as seeded.
        recent = Article.objects.published().filter(section=Section.objects.last()).select_related("section")
        article = list(recent[:10])[-1]
        extra["comments"] = comments_load.run(base_url, article_path=article.get_absolute_url())
        extra["comments_summary"] = comments_load.summary(extra["comments"])
        print(extra["comments_summary"], flush=True)
    return extra


if __name__ == "__main__":
    main()
