# The comment form's length limit moves from settings.COMMENTS_MAX_LENGTH onto the field, beside the name's.
# A TextField's max_length has no column to change (the form enforces it), so this only updates Django's
# picture of the model: a plain AlterField would make SQLite copy the whole comments table for nothing.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0002_ip_address_labels'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='comment',
                    name='text',
                    field=models.TextField(max_length=3000),
                ),
            ],
        ),
    ]
