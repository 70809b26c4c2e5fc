from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_moderator_group(sender, **kwargs):
    # After every migrate, once Django has created the permissions of the new models.
    from comments.services import ensure_moderator_group

    ensure_moderator_group()


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"

    def ready(self):
        post_migrate.connect(create_moderator_group, sender=self, dispatch_uid="comments.moderator_group")
