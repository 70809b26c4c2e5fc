from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Bring a backup made by manage.py backup back into an empty installation: verify every checksum, then "
        "restore the database and the media files. Stop the site (web servers and worker) first. "
        "docs/deploy.md#backups"
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="The backup: a folder, or a .tar or .tar.gz file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database even though it holds articles, and write over files already in MEDIA_ROOT.",
        )

    def handle(self, *args, src, force, **options):
        try:
            manifest, unapplied = restore_backup(src, force=force)
        except BackupError as error:
            raise CommandError(error) from None
        media = manifest["media"]
        what = f"{media['files']} media files" if media else "no media files (the backup has none)"
        self.stdout.write(f"Restored the database and {what} from {src}, backed up at {manifest['created_at']}.")
        if unapplied:
            self.stdout.write(f"The backup is older than this code: run manage.py migrate ({unapplied} to apply).")
