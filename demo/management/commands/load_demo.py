from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module has a `load(stdout)` function that adds its demo content once; they run in this order.
DEMO_MODULES = ["demo.articles", "demo.social", "comments.demo"]


class Command(BaseCommand):
    help = "Load the demo sections, authors, articles and comments. Safe to run again: it adds nothing twice."

    def handle(self, *args, **options):
        for module in DEMO_MODULES:
            if find_spec(module) is None:
                continue
            with transaction.atomic():
                import_module(module).load(self.stdout)
