from django.db import migrations
from django.utils import timezone


def schedule_future_publications(apps, schema_editor):
    """Before the workflow, "published" with a time to come meant scheduled: say so now."""
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="published", published_at__gt=timezone.now()).update(status="scheduled")


def publish_scheduled(apps, schema_editor):
    """Going back: the old statuses knew only draft and published."""
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="scheduled").update(status="published")
    Article.objects.filter(status__in=["review", "unpublished"]).update(status="draft")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_workflow_states_and_history"),
    ]

    operations = [
        migrations.RunPython(schedule_future_publications, publish_scheduled),
    ]
