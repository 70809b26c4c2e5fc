from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from social.services import check_social_posts, queue_social_post_checks


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
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the checks for the background worker (TASK_BACKEND=database) instead of running them here.",
        )

    def handle(self, *args, limit=None, enqueue=False, **options):
        if enqueue:
            queued = queue_social_post_checks(limit=limit)
            message = ngettext(
                "Queued %(n)d social post for a check.", "Queued %(n)d social posts for a check.", queued
            )
            self.stdout.write(message % {"n": queued})
            return
        counts = check_social_posts(limit=limit)
        summary = (
            ngettext("Checked %(checked)d social post", "Checked %(checked)d social posts", counts["checked"])
            + ": %(archived)d archived, %(gone)d gone (%(newly gone)d newly), %(failed)d failed, "
            + ngettext("%(error)d error.", "%(error)d errors.", counts["error"])
        )
        self.stdout.write(summary % counts)
