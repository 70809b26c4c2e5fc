"""The pages under test, and what one request to each costs inside the process: queries, CPU, bytes."""

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Section, Tag
from bench.seed import BUSY_THREAD_SLUG


def scenarios():
    """The reader pages to load, as (name, path), chosen in the seeded database.

    To bench another page, seed what it needs in bench/seed.py and append it here; the static
    baseline is added by the runner. The article is the section's tenth newest, so that it is the same
    age at every size (old stories close their comments and render less); the tag and the author are the
    busiest ones, so that no list is fast merely because it is short.
    """
    section = Section.objects.first()
    article = list(Article.objects.published().filter(section=section).select_related("section")[:10])[-1]
    tag = Tag.objects.annotate(uses=Count("articles")).order_by("-uses", "pk").first()  # pk: the same on every engine
    author = Author.objects.annotate(uses=Count("articles")).order_by("-uses", "pk").first()
    found = [
        ("home", "/"),
        ("section", section.get_absolute_url()),
        ("article", article.get_absolute_url()),
        ("tag", tag.get_absolute_url()),
        ("author", author.get_absolute_url()),
    ]
    # An article with 10 embedded social posts (bench/seed.py); databases seeded before it lack it.
    roundup = Article.objects.select_related("section").filter(slug="bench-how-fans-reacted").first()
    if roundup is not None:
        found.insert(3, ("article+10 posts", roundup.get_absolute_url()))
    # The story with 500 published comments (bench/seed.py:seed_busy_thread), after the other articles.
    thread = Article.objects.select_related("section").filter(slug=BUSY_THREAD_SLUG).first()
    if thread is not None:
        found.insert(len(found) - 2, ("article+500 comments", thread.get_absolute_url()))
    found.append(("feed", "/feeds/rss/"))  # the site's RSS feed: the newest stories' text, for every reader app
    # Search (articles/search.py): a star in one story in twenty, by a phrase and by the start of a name, so
    # that the index ranks thousands of matches at 100,000 articles, as a reader's common search does.
    found += [("search", "/search/?q=%22shah+rukh+khan%22"), ("search prefix", "/search/?q=priyan")]
    return found


@dataclass
class Page:
    status: int
    bytes: int
    queries: int
    cpu_ms: float
    sql_ms: float
    content: bytes
    headers: list


def inspect(path, repeat=30, client=None, *, cached=False):
    """One request through Django's test client, its queries captured; then the medians of `repeat` more:
    CPU time of the whole request (SQLite runs in-process, so its work is included; PostgreSQL's is not),
    and the time of running the captured queries again on a plain cursor, rows fetched (the database's
    share: CPU on SQLite, wall time on PostgreSQL, see run_statements).
    `client`: one of your own (signed in, say); by default an anonymous reader's. `cached`: with the page
    cache on (this process's local memory), the first request storing the page, so the rest are hits;
    otherwise off."""
    with override_settings(PAGE_CACHE=cached):  # never what this process's environment happens to say
        return measure(path, repeat, client or Client(HTTP_HOST="127.0.0.1"))


def measure(path, repeat, client):
    client.get(path)  # templates compiled, URL patterns loaded, connection open: as in a warm worker
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    statements = [query["sql"] for query in queries]  # now: the next request clears the log they are read from
    cpu, sql = [], []
    for _ in range(repeat):
        started = time.process_time()
        client.get(path)
        cpu.append(time.process_time() - started)
        sql.append(run_statements(statements))
    return Page(
        status=response.status_code,
        bytes=len(response.content),
        queries=len(statements),
        cpu_ms=statistics.median(cpu) * 1000,
        sql_ms=statistics.median(sql) * 1000,
        content=response.content,
        headers=list(response.items()),
    )


def run_statements(statements):
    """Seconds to execute these reads and fetch all their rows, without the ORM around them.

    SQLite runs in this process, so its share is this process's CPU time. PostgreSQL works in a process
    of its own, out of reach of process_time(): its share is the wall time, the server's work and the round
    trips over loopback (measured on an idle machine, where the two differ by the round trips only)."""
    clock = time.process_time if connection.vendor == "sqlite" else time.perf_counter
    started = clock()
    with connection.cursor() as cursor:
        for sql in statements:
            if sql.lstrip().upper().startswith("SELECT"):  # a reader page should only read, but never rerun a write
                cursor.execute(sql)
                cursor.fetchall()
    return clock() - started
