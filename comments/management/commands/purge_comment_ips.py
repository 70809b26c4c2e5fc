from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from comments.services import purge_ip_addresses, purge_like_keys


class Command(BaseCommand):
    help = (
        "Clear the IP addresses and browser names of comments older than COMMENTS_IP_RETENTION_DAYS, and the "
        "reporter keys of old reports, the address keys of old likes and old withdrawn likes. Safe to run from "
        "cron as often as you like: it only ever clears."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep this many days instead of the setting (now {settings.COMMENTS_IP_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.COMMENTS_IP_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        comments, flags = purge_ip_addresses(older_than_days=days)
        self.stdout.write(
            "Cleared the IP address of {} and {} older than {}.".format(
                ngettext("%(n)d comment", "%(n)d comments", comments) % {"n": comments},
                ngettext("%(n)d report", "%(n)d reports", flags) % {"n": flags},
                ngettext("%(n)d day", "%(n)d days", days) % {"n": days},
            )
        )
        likes, withdrawn = purge_like_keys(older_than_days=days)
        self.stdout.write(
            "Cleared the address of {} and deleted {}.".format(
                ngettext("%(n)d like", "%(n)d likes", likes) % {"n": likes},
                ngettext("%(n)d withdrawn like", "%(n)d withdrawn likes", withdrawn) % {"n": withdrawn},
            )
        )
