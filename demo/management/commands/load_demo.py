from django.core.management.base import BaseCommand
from django.db import transaction

from demo import articles, comments, site, social


class Command(BaseCommand):
    help = (
        "Load the demo site settings, sections, authors, articles and comments. "
        "Safe to run again: it adds nothing twice."
    )

    def handle(self, *args, **options):
        # Comments go on the newest stories, so they come last; each part is all or nothing.
        for part in (site, articles, social, comments):
            with transaction.atomic():
                part.load(self.stdout)
