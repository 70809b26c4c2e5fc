from django.db import migrations, models

from comments import folding


def fingerprint_recent_comments(apps, schema_editor):
    """Fingerprint the comments the duplicate check can still meet: those of the last 30 days.

    The check looks back COMMENTS_DUPLICATE_DAYS (7); 30 leaves room for a longer setting. Uses the
    folding code of today: a later change of folding is a new migration, if it needs one.
    """
    from datetime import timedelta

    from django.utils import timezone

    Comment = apps.get_model("comments", "Comment")
    recent = Comment.objects.filter(created_at__gte=timezone.now() - timedelta(days=30)).exclude(email="", reader_key="")
    batch = []
    for comment in recent.only("pk", "text").iterator(chunk_size=500):
        comment.text_fingerprint = folding.fingerprint(comment.text)
        batch.append(comment)
        if len(batch) == 500:
            Comment.objects.bulk_update(batch, ["text_fingerprint"])
            batch = []
    Comment.objects.bulk_update(batch, ["text_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_moderation_reviews_reports_blocks"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="text_fingerprint",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="A digest of the text as the duplicate check compares it: folded (capitals, spacing, "
                "punctuation and look-alike letters ignored), as the reader sent it. Set when the comment is stored.",
                max_length=64,
            ),
        ),
        migrations.AlterField(
            model_name="wordrule",
            name="word",
            field=models.CharField(
                help_text="A word or phrase, matched as a whole word whatever its capitals, accents, look-alike "
                "letters, spacing or leetspeak: “idiot” catches “IDIOT!”, “ｉｄｉｏｔ”, “і d і о t” and “1d10t” but not "
                "“idiotic”.",
                max_length=80,
                unique=True,
            ),
        ),
        migrations.RunPython(fingerprint_recent_comments, migrations.RunPython.noop),
    ]
