from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo content has a `demo` module with a `load(stdout)` function; order matters.
DEMO_APPS = ["articles", "comments"]


class Command(BaseCommand):
    help = "Load the demo sections, authors, articles and comments. Safe to run again: it adds nothing twice."

    def handle(self, *args, **options):
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            with transaction.atomic():
                import_module(f"{app}.demo").load(self.stdout)
