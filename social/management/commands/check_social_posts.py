from django.core.management.base import BaseCommand

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
        self.stdout.write(
            f"Checked {counts['checked']} social post{'s' if counts['checked'] != 1 else ''}: "
            f"{counts['archived']} archived, {counts['gone']} gone ({counts['newly gone']} newly), "
            f"{counts['failed']} failed, {counts['error']} errors."
        )
