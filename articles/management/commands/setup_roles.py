from django.core.management.base import BaseCommand

from articles.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Give the Writer, Editor and Moderator groups exactly the permissions their apps declare, creating "
        "them if needed, and print what changed. Safe to run again."
    )

    def handle(self, *args, **options):
        changes = sync_roles()
        for change in changes:
            self.stdout.write(change)
        if not changes:
            self.stdout.write("Every role already has exactly its permissions.")
