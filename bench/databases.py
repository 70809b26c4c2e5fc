"""Where the bench's data sets live: a SQLite file per size, or a database per size on a PostgreSQL server.

`--database sqlite` (the default) keeps `var/bench/articles-N/db.sqlite3`, with the page cache in each
worker's local memory, as one box runs. `--database postgres` is the site that outgrew one machine: the
PostgreSQL server of `make services` (or the one DATABASE_URL names, when it is a postgres:// address),
which gives each size a database of its own, `bench_articles_N`, made and dropped through the server's
`newsroom` database, and the page cache in the Redis of `make services` (or CACHE_URL's, when it is a
redis:// address); its media and seed marker stay in `var/bench/postgres/articles-N/`.
"""

import os
import shutil
from urllib.parse import urlsplit, urlunsplit


class SQLite:
    name = "sqlite"

    def __init__(self, bench_dir):
        self.bench_dir = bench_dir

    def folder(self, articles):
        return self.bench_dir / f"articles-{articles}"

    def settings_name(self, articles):
        """What settings.DATABASES["default"]["NAME"] is for this size."""
        return str(self.folder(articles) / "db.sqlite3")

    def url(self, articles):
        return f"sqlite:///{self.settings_name(articles)}"

    def exists(self, articles):
        return (self.folder(articles) / "db.sqlite3").exists()

    def drop(self, articles):
        shutil.rmtree(self.folder(articles), ignore_errors=True)

    def create(self, articles):
        self.folder(articles).mkdir(parents=True, exist_ok=True)

    def size_mib(self, articles):
        return (self.folder(articles) / "db.sqlite3").stat().st_size / 2**20

    def version(self):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"

    def cache_url(self):
        return ""  # local memory


class PostgreSQL:
    name = "postgres"

    def __init__(self, bench_dir, server_url):
        self.bench_dir = bench_dir / "postgres"
        self.server_url = server_url

    def folder(self, articles):
        return self.bench_dir / f"articles-{articles}"

    def settings_name(self, articles):
        return f"bench_articles_{int(articles)}"

    def url(self, articles):
        parts = urlsplit(self.server_url)
        return urlunsplit(parts._replace(path=f"/{self.settings_name(articles)}"))

    def admin(self):
        import psycopg

        return psycopg.connect(self.server_url, autocommit=True)

    def exists(self, articles):
        with self.admin() as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.settings_name(articles)])
            return found.fetchone() is not None

    def drop(self, articles):
        shutil.rmtree(self.folder(articles), ignore_errors=True)
        with self.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.settings_name(articles)}" WITH (FORCE)')

    def create(self, articles):
        self.folder(articles).mkdir(parents=True, exist_ok=True)
        if not self.exists(articles):
            with self.admin() as admin:
                admin.execute(f'CREATE DATABASE "{self.settings_name(articles)}"')

    def size_mib(self, articles):
        with self.admin() as admin:
            found = admin.execute("SELECT pg_database_size(%s)", [self.settings_name(articles)])
            return found.fetchone()[0] / 2**20

    def version(self):
        with self.admin() as admin:
            return "PostgreSQL " + admin.execute("SHOW server_version").fetchone()[0].split()[0]

    def cache_url(self):
        url = os.environ.get("CACHE_URL", "")
        if url.startswith(("redis://", "rediss://")):
            return url
        return f"redis://127.0.0.1:{os.environ.get('REDIS_PORT', '63799')}/0"


def analyze(connection):
    """Statistics for the planner after a bulk insert. SQLite: ANALYZE, as every `migrate` gives it
    (articles/apps.py). PostgreSQL: what autovacuum does on a live site a little later, done now:
    statistics, and the visibility map that lets it answer from an index alone (index-only scans)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def default_postgres_url():
    """The server of `make services` (.ci/services), unless DATABASE_URL already names a PostgreSQL one."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return f"postgres://newsroom@127.0.0.1:{os.environ.get('PG_PORT', '54329')}/newsroom"


def choose(name, bench_dir):
    return SQLite(bench_dir) if name == "sqlite" else PostgreSQL(bench_dir, default_postgres_url())
