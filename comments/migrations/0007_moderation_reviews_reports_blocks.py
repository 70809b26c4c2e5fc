# The moderation queue (issue 8): when a moderator last decided on a comment (reports before then are
# settled), reports told apart by browser, who blocked a sender, and the queue's indexes: (status, created_at),
# which also serves lookups by status alone, so the single-column status index goes; two partial indexes of
# the waiting comments on a column the database keeps from the status (`awaiting`), for the default view
# and the article filter; the rule, for the reason filter; (email, status), for each row's sender history.
# SQLite adds a stored generated column by copying the table: a few seconds for 100,000 comments.
#
# Comments moderated before this migration get the time of their last moderation as reviewed_at, so the
# reports a moderator already saw and kept do not all come back as open in the new "Reported" view. The
# query is written out here with the models as they are at this migration, not imported from the app.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill_reviewed_at(apps, schema_editor):
    database = schema_editor.connection.alias
    Comment = apps.get_model("comments", "Comment")
    CommentEvent = apps.get_model("comments", "CommentEvent")
    last_moderation = (
        CommentEvent.objects.using(database)
        .filter(comment=OuterRef("pk"), kind="moderation")
        .order_by()
        .values("comment")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    moderated = CommentEvent.objects.using(database).filter(kind="moderation").values("comment_id")
    Comment.objects.using(database).filter(pk__in=moderated).update(reviewed_at=Subquery(last_moderation))


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0006_replies_likes_and_subscriptions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='commentflag',
            name='commentflag_once_per_reader',
        ),
        migrations.AddField(
            model_name='blockedsender',
            name='created_by',
            field=models.ForeignKey(blank=True, help_text='The moderator who blocked this sender.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='comment',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, help_text="When a moderator last decided on this comment (approved, kept, rejected…). Readers' reports made before then are settled: they no longer count toward hiding it.", null=True),
        ),
        migrations.RunPython(fill_reviewed_at, migrations.RunPython.noop),
        migrations.AddField(
            model_name='commentflag',
            name='reader',
            field=models.CharField(blank=True, help_text="A keyed hash of the reporter's browser key (comments/readers.py), so one reader reports a comment once, whoever shares their address. Cleared with the IPs.", max_length=64),
        ),
        migrations.AlterField(
            model_name='comment',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending (awaiting moderation)'), ('held', 'Held by a rule (look closely)'), ('published', 'Published'), ('rejected', 'Rejected'), ('spam', 'Spam'), ('removed', 'Removed after publication')], default='pending', max_length=10),
        ),
        migrations.AlterField(
            model_name='commentflag',
            name='reporter',
            field=models.CharField(blank=True, help_text="A keyed hash of the reporter's IP address: reports from one address count once toward hiding a comment. Cleared with the IPs.", max_length=64),
        ),
        # Before the indexes on it (the autodetector puts generated fields last).
        migrations.AddField(
            model_name='comment',
            name='awaiting',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(status__in=('pending', 'held'), then=models.Value(1))), help_text='1 while the comment is pending or held (waiting for a moderator), else empty. Set by the database from the status.', output_field=models.PositiveSmallIntegerField(null=True)),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['status', 'created_at'], name='comment_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(condition=models.Q(('awaiting__isnull', False)), fields=['awaiting', 'created_at'], name='comment_waiting_idx'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(condition=models.Q(('awaiting__isnull', False)), fields=['awaiting', 'article'], name='comment_waiting_article_idx'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['rule'], name='comment_rule_idx'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['email', 'status'], name='comment_sender_history_idx'),
        ),
        migrations.AddConstraint(
            model_name='commentflag',
            constraint=models.UniqueConstraint(condition=models.Q(('reader', ''), _negated=True), fields=('comment', 'reader'), name='commentflag_once_per_browser'),
        ),
        migrations.AddConstraint(
            model_name='commentflag',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('reporter', ''), _negated=True), ('reader', '')), fields=('comment', 'reporter'), name='commentflag_once_per_address'),
        ),
    ]
