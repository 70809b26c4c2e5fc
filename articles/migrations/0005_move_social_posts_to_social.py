# Social posts moved from this app to their own, `social`. Every post keeps its id, so each article's links
# (ArticleSocialPost) point at the same posts afterwards; the admin's content type and permissions move too,
# so groups keep what they were allowed to do. Reversible: migrating back copies the posts back.

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

FIELDS = [
    "id", "platform", "post_id", "permalink", "author_name", "author_handle", "text", "text_html", "posted_at",
    "media_url", "state", "state_reason", "fetched_at", "checked_at", "created_at",
]  # fmt: skip
BATCH = 1000


def copy_posts(source, target, schema_editor):
    database = schema_editor.connection.alias
    rows = source.objects.using(database).order_by("pk").values(*FIELDS)
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(target(**row))
        if len(batch) == BATCH:
            target.objects.using(database).bulk_create(batch)
            batch = []
    target.objects.using(database).bulk_create(batch)
    # Rows came with their ids: PostgreSQL's sequence must start after them (SQLite needs nothing).
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(sql)


def move_content_type(apps, schema_editor, *, from_app, to_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=to_app, model="socialpost").exists():
        types.filter(app_label=from_app, model="socialpost").update(app_label=to_app)


# Each step runs while both tables exist and the links point at the table that holds the posts: forwards,
# copy then repoint; backwards (the operations in reverse), copy back, repoint, then empty the new table.
def copy_to_social(apps, schema_editor):
    copy_posts(apps.get_model("articles", "SocialPost"), apps.get_model("social", "SocialPost"), schema_editor)
    move_content_type(apps, schema_editor, from_app="articles", to_app="social")


def empty_social(apps, schema_editor):
    move_content_type(apps, schema_editor, from_app="social", to_app="articles")
    apps.get_model("social", "SocialPost").objects.using(schema_editor.connection.alias).all().delete()


def copy_back_to_articles(apps, schema_editor):
    copy_posts(apps.get_model("social", "SocialPost"), apps.get_model("articles", "SocialPost"), schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_article_listing_index'),
        ('social', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(copy_to_social, empty_social),
        migrations.AlterField(
            model_name='articlesocialpost',
            name='social_post',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='article_links', to='social.socialpost'),
        ),
        migrations.RunPython(migrations.RunPython.noop, copy_back_to_articles),
        migrations.DeleteModel(
            name='SocialPost',
        ),
    ]
