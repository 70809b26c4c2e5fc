# Fill Article.comment_count, added by articles' 0006, for databases that already hold comments.
#
# The fill lives here rather than in articles' migration: only this app knows what a published comment
# is, and a RunPython over comments in articles' migration would make articles' migrations depend on
# comments', against the one-way rule (comments -> articles -> social). This migration depends on
# articles' 0006, so the column exists when it runs; on a fresh database it updates nothing.
#
# The count is written out here, with the models as they are at this migration, rather than imported from
# comments.services: a migration must keep working whatever the services become. Backwards there is
# nothing to undo (unapplying articles' 0006 drops the column).

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_comment_counts(apps, schema_editor):
    database = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    published = (
        Comment.objects.using(database)
        .filter(article=OuterRef("pk"), status="published")
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Article.objects.using(database).update(
        comment_count=Coalesce(Subquery(published, output_field=IntegerField()), 0)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_article_comment_count'),
        ('comments', '0003_comment_text_max_length'),
    ]

    operations = [
        migrations.RunPython(fill_comment_counts, migrations.RunPython.noop),
    ]
