from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def analyze_sqlite(sender, using, **kwargs):
    """Give SQLite's query planner statistics after every migrate (every deploy and `make run`).

    Without them SQLite may pick a worse index for the list pages once the archive is large; see
    docs/performance.md. PostgreSQL's autovacuum keeps its own statistics.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        post_migrate.connect(analyze_sqlite, sender=self)
