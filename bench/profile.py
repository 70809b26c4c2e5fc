"""Where a reader page's CPU goes: cProfile of many requests to it, in-process, on the bench's database.

    .venv/bin/python -m bench.profile                     # the article, home and section pages, 10,000 articles
    .venv/bin/python -m bench.profile --pages article --requests 300 --top 40

Run `make bench` (or `python -m bench --articles N`) once first: it seeds the database this reads. Each page is
requested through Django's test client as an anonymous reader (the request, middleware, view, queries
and templates, as a warm gunicorn worker runs them, without the socket); the report gives the median CPU ms
of a request unprofiled, then each Jinja2 template's own time and cProfile's functions by cumulative time per
request. The page cache is off unless PAGE_CACHE=1.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.__main__ import BENCH_DIR, KEY_WARNING, SERVE_ENV  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000, help="the bench data set to read (default 10,000)")
    parser.add_argument("--pages", nargs="+", default=["article", "home", "section"], help="bench page names")
    parser.add_argument("--requests", type=int, default=200, help="profiled requests per page (default 200)")
    parser.add_argument("--top", type=int, default=30, help="functions to list per page (default 30)")
    return parser.parse_args(argv)


def template_times(stats, requests):
    """Each template's own time, ms per request, from cProfile's `stats`: Jinja2 compiles a template to Python
    whose code objects keep the template's file name, so their own time is what its engine did for it (what it
    calls, a picture or a list item, is counted where that is; under profiling, about twice unprofiled)."""
    totals = defaultdict(float)
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():
        if filename.endswith(".html"):
            totals[filename.removeprefix(f"{ROOT}/")] += own
    return sorted(((name, seconds * 1000 / requests) for name, seconds in totals.items()), key=lambda x: -x[1])


def main(argv=None):
    args = parse_args(argv)
    folder = BENCH_DIR / f"articles-{args.articles}"
    if not (folder / "db.sqlite3").exists():
        sys.exit(f"No bench database at {folder}: run `python -m bench --articles {args.articles}` first.")
    os.environ.update(SERVE_ENV)
    # What is profiled is the page's own work: with the page cache on (DEBUG=0 turns it on), every request after
    # the first would be a hit. PAGE_CACHE=1 in the environment profiles the hit instead.
    os.environ.setdefault("PAGE_CACHE", "0")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    warnings.filterwarnings("ignore", KEY_WARNING)
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    # As the bench's servers start: a data set seeded before the newest migration still reads, and the pages
    # name the static files of this checkout.
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)

    from bench import pages

    paths = dict(pages.scenarios())
    client = Client(HTTP_HOST="127.0.0.1")
    for name in args.pages:
        path = paths[name]
        for _ in range(20):  # warm: templates compiled, caches filled
            client.get(path)
        cpu = []
        for _ in range(args.requests):
            started = time.process_time()
            client.get(path)
            cpu.append(time.process_time() - started)
        print(f"\n## {name} ({path}): {statistics.median(cpu) * 1000:.2f} CPU ms per request, unprofiled median")

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        stats = pstats.Stats(profile)
        print("\nJinja2 templates' own time, profiled ms per request (what they call counted where it is):")
        for template, ms in template_times(stats, args.requests):
            print(f"  {ms:7.3f}  {template}")
        print(f"\ncProfile, cumulative, {args.requests} requests (divide by that for one):")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
