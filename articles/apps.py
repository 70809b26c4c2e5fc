from django.apps import AppConfig, apps
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


def every_permission(app_label):
    """All the default permissions of every model of `app_label`, as "app.codename"."""
    return [
        f"{app_label}.{action}_{model._meta.model_name}"
        for model in apps.get_app_config(app_label).get_models()
        for action in model._meta.default_permissions
    ]


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    @property
    def roles(self):
        """The newsroom's roles, kept exact by articles/roles.py (the Moderator is the comments app's)."""
        return {
            # Writers draft and submit; articles.permissions.can_edit limits their changes to their own drafts.
            "Writer": [
                "articles.add_article",
                "articles.change_article",
                "articles.view_article",
                "articles.add_image",
                "articles.change_image",
                "articles.view_image",
                "articles.add_tag",
                "articles.change_tag",
                "articles.view_tag",
                "articles.view_section",
                "articles.view_author",
                "social.view_socialpost",
            ],
            # Editors also change the site settings (articles.change_sitesettings): every articles permission.
            "Editor": [*every_permission("articles"), "articles.publish_article", *every_permission("social")],
        }

    def page_cache_expires_at(self):
        """When the next scheduled story goes live: every cached page expires by then (newsroom/page_cache.py),
        since a list, a feed or the story's own address changes at that moment without any save."""
        from articles.models import Article

        return Article.objects.next_scheduled_time()

    def page_cache_invalidated(self, tags):
        """The stories whose kept HTML shows something of `tags` expire with the pages (newsroom/page_cache.py)."""
        from articles import story_html

        story_html.expire_what_tags_show(tags)

    def ready(self):
        from articles.roles import sync_roles_after_migrate

        post_migrate.connect(analyze_sqlite, sender=self)
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="articles.roles")
