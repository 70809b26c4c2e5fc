from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database and the media files, with a manifest of checksums, to DEST: "
        "a new folder, or a .tar or .tar.gz file. Safe while the site runs. docs/deploy.md#backups"
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="A new or empty folder, or a new file ending in .tar or .tar.gz.")

    def handle(self, *args, dest, **options):
        try:
            manifest = write_backup(dest)
        except BackupError as error:
            raise CommandError(error) from None
        media = manifest["media"]
        what = f"{media['files']} media files" if media else "no media files (they are not in a folder: STORAGES)"
        self.stdout.write(f"Backed up the {manifest['database']['vendor']} database and {what} to {dest}.")
