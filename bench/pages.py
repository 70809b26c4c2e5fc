"""The pages under test, and what one request to each costs inside the process: queries, CPU, bytes."""

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Section, Tag


def scenarios():
    """The reader pages to load, as (name, path), chosen in the seeded database.

    To bench another page, seed what it needs in bench/seed.py and append it here; the static
    baseline is added by the runner. The article is one from the middle of the archive, the tag and the
    author are the busiest ones, so that nothing is fast merely because it is recent or small.
    """
    section = Section.objects.first()
    middle = Article.objects.published().filter(section=section, pk__gte=Article.objects.count() // 2)
    article = middle.select_related("section").order_by("pk").first()
    tag = Tag.objects.annotate(uses=Count("articles")).order_by("-uses").first()
    author = Author.objects.annotate(uses=Count("articles")).order_by("-uses").first()
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
    return found


@dataclass
class Page:
    status: int
    bytes: int
    queries: int
    cpu_ms: float
    sql_ms: float
    content: bytes


def inspect(path, repeat=30):
    """One request through Django's test client, its queries counted; then the medians of `repeat` more:
    CPU time of the whole request (SQLite runs in-process, so its work is included) and CPU time inside the
    queries' execute calls (where SQLite searches, sorts and counts up to the first row; most of a query)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # templates compiled, URL patterns loaded, connection open: as in a warm worker
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    query_count = len(queries)  # now: the captured list is a view of a log that the next request clears
    cpu, sql = [], []
    for _ in range(repeat):
        timer = SqlTimer()
        started = time.process_time()
        with connection.execute_wrapper(timer):
            client.get(path)
        cpu.append(time.process_time() - started)
        sql.append(timer.seconds)
    return Page(
        status=response.status_code,
        bytes=len(response.content),
        queries=query_count,
        cpu_ms=statistics.median(cpu) * 1000,
        sql_ms=statistics.median(sql) * 1000,
        content=response.content,
    )


class SqlTimer:
    """A database execute wrapper adding up the CPU time spent in execute calls."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.process_time() - started
