# The per-browser rate limit counts a browser's recent comments: each comment keeps a keyed hash of the
# browser's cookie (never the cookie), indexed with the time like the address and the email.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0004_fill_article_comment_count'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='reader_key',
            field=models.CharField(blank=True, help_text="A keyed hash of the browser's first-party cookie, for its rate limit; cleared with the IP address.", max_length=64, verbose_name='browser key'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['reader_key', 'created_at'], name='comment_browser_recent_idx'),
        ),
    ]
