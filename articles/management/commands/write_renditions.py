from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from articles.services import write_due_renditions


class Command(BaseCommand):
    help = (
        "Write the renditions and crops that a lost background task left pending, and try again the failed "
        "ones whose time has come. Safe to run from cron; one picture's failure never stops the run. "
        "--outdated also rewrites pictures written before the crops and the AVIF and JPEG formats."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Write at most this many pictures' renditions.")
        parser.add_argument(
            "--outdated",
            action="store_true",
            help="Also rewrite the pictures whose renditions are WebP only, without crops (written before them).",
        )

    def handle(self, *args, limit=None, outdated=False, **options):
        counts = write_due_renditions(limit=limit, outdated=outdated)
        done = sum(counts.values())
        summary = ngettext("%(done)d picture", "%(done)d pictures", done) + (
            ": %(written)d written, %(failed)d failed, %(skipped)d done meanwhile."
        )
        self.stdout.write(summary % {"done": done, **{key: counts[key] for key in ("written", "failed", "skipped")}})
