from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from social.services import check_social_posts


class Command(BaseCommand):
    help = (
        "Ask the platforms about archived social posts: fetch the ones still waiting, retry failed ones, and "
        "mark the ones deleted or made private as gone. Safe to run from cron; one post's failure never stops "
        "the run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Check at most this many posts: waiting ones first, then the ones checked longest ago.",
        )

    def handle(self, *args, limit=None, **options):
        counts = check_social_posts(limit=limit)
        summary = (
            ngettext("Checked %(checked)d social post", "Checked %(checked)d social posts", counts["checked"])
            + ": %(archived)d archived, %(gone)d gone (%(newly gone)d newly), %(failed)d failed, "
            + ngettext("%(error)d error.", "%(error)d errors.", counts["error"])
        )
        self.stdout.write(summary % counts)
