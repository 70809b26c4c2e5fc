from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from comments.services import recount_published


class Command(BaseCommand):
    help = (
        "Count the published comments of every article again and store the counts that lists show. The "
        "comment services keep them right; run this after changing comments outside them (SQL, a shell). "
        "Safe to run at any time: it only writes the counts that were wrong."
    )

    def handle(self, *args, **options):
        changed = recount_published()
        self.stdout.write(
            ngettext(
                "Recounted the published comments of every article: %(count)d count was wrong and is fixed.",
                "Recounted the published comments of every article: %(count)d counts were wrong and are fixed.",
                changed,
            )
            % {"count": changed}
        )
