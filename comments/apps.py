from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    # Kept exact by articles/roles.py after every migrate and by `manage.py setup_roles`.
    roles = {
        # Comments yes, articles no.
        "Moderator": [
            "comments.view_comment",
            "comments.change_comment",
            "comments.moderate_comment",
            "comments.view_commentevent",
            "comments.view_commentflag",
            "comments.view_wordrule",
            "comments.add_wordrule",
            "comments.change_wordrule",
            "comments.delete_wordrule",
            "comments.view_blockedsender",
            "comments.add_blockedsender",
            "comments.change_blockedsender",
            "comments.delete_blockedsender",
            "comments.view_commentpolicy",
        ],
    }

    def ready(self):
        from articles.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="comments.roles")
