"""Backups: a consistent snapshot of the database and the media files, with a manifest of checksums.

`manage.py backup DEST` and `manage.py restore SRC` (newsroom/management/commands/) are thin wrappers of
`write_backup` and `restore_backup`; docs/deploy.md#backups says how to schedule and test them.

A backup is a folder, or the same folder in a `.tar` / `.tar.gz`:

    manifest.json       what, when, the versions and each app's last migration, a SHA-256 of every file
    database.sqlite3    SQLite: a copy made through the online backup API, one self-contained file
    database.dump       PostgreSQL: pg_dump --format=custom
    media/…             MEDIA_ROOT as it was

Both snapshots are consistent while the site keeps writing: SQLite's backup API copies every page in one
step under one read transaction (WAL lets writers go on meanwhile), and pg_dump reads in one repeatable-read
transaction. The database is taken before the media, so every file the snapshot names was on disk before the
media were copied (an upload's file is written before its row commits).
"""

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection as default_connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from newsroom import page_cache

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
ARCHIVES = {".tar": "w", ".tar.gz": "w:gz", ".tgz": "w:gz"}


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why, in one sentence for the operator."""


# Writing a backup ------------------------------------------------------------------------------------


def write_backup(dest, *, connection=default_connection):
    """Write a backup of `connection`'s database and of the media to `dest` (a folder, or a .tar/.tar.gz).

    The backup is built in a hidden folder beside `dest` and moved into place whole, so a backup that fails
    halfway leaves nothing that looks like a backup. Returns the manifest.
    """
    dest = Path(dest).absolute()
    refuse_unusable_destination(dest)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=f".{dest.name}.") as work:
        folder = Path(work) / "backup"
        folder.mkdir()
        database_file = folder / DATABASE_FILES[vendor_of(connection)]
        snapshot_database(connection, database_file)
        media_files = copy_media(folder / MEDIA)
        manifest = {
            "format": FORMAT,
            "what": "Newsroom backup: the database and the media files",
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor_of(connection), "file": database_file.name},
            "media": {"folder": MEDIA, "files": media_files} if media_files is not None else None,
            "versions": versions(),
            "migrations": last_migrations(connection),
            "files": checksums(folder),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        if archive_mode(dest):
            partial = Path(work) / dest.name  # in the hidden folder, so a tar that fails halfway goes with it
            with tarfile.open(partial, archive_mode(dest)) as archive:
                for path in sorted(folder.rglob("*")):
                    archive.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
            partial.replace(dest)
        else:
            if dest.exists():
                dest.rmdir()  # empty: refuse_unusable_destination said so
            folder.replace(dest)
    return manifest


def archive_mode(path):
    """tarfile's mode for a backup named `path`, or None when it is a folder."""
    name = Path(path).name
    return next((mode for suffix, mode in ARCHIVES.items() if name.endswith(suffix)), None)


def refuse_unusable_destination(dest):
    if dest.is_dir() and any(dest.iterdir()):
        raise BackupError(f"{dest} already exists and is not empty: give a new folder or .tar file.")
    if dest.exists() and not dest.is_dir():
        raise BackupError(f"{dest} already exists: give a new folder or .tar file.")
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist: create it first.")
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if dest == media_root or dest.is_relative_to(media_root):
        raise BackupError(f"{dest} is inside MEDIA_ROOT ({media_root}): the backup would copy itself.")


def vendor_of(connection):
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def snapshot_database(connection, target):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy_sqlite(connection.connection, target)
    else:
        run_postgres_tool(
            connection, "pg_dump", ["--format=custom", "--no-password", f"--file={target}"], action="back up"
        )


def copy_sqlite(source, target):
    """Copy the open SQLite database `source` into a new file `target` through the online backup API.

    pages=-1 copies every page in one step, so the copy is one moment of the database whatever other
    connections write meanwhile (copied a few pages at a time, a write by another connection would restart the
    copy, and a busy site might never finish it). The copy is turned out of WAL mode so that it is one file.
    """
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


def copy_media(target):
    """Copy MEDIA_ROOT to `target`; the number of files copied, or None when the media are not in a folder."""
    if not isinstance(default_storage, FileSystemStorage):
        return None  # object storage: the provider keeps (and versions) the files, docs/deploy.md#backups
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, target)
    else:
        target.mkdir()
    return sum(1 for path in target.rglob("*") if path.is_file())


def versions():
    pyproject = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())
    return {
        "newsroom": pyproject["project"]["version"],
        "django": django.get_version(),
        "python": platform.python_version(),
    }


def last_migrations(connection):
    """{app label: the name of its migration applied last}, as the database records them."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    last = {}
    for app, name in recorder.migration_qs.order_by("applied", "id").values_list("app", "name"):
        last[app] = name
    return dict(sorted(last.items()))


def checksums(folder):
    return {path.relative_to(folder).as_posix(): sha256(path) for path in sorted(folder.rglob("*")) if path.is_file()}


def sha256(path):
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


# Restoring -------------------------------------------------------------------------------------------


def restore_backup(src, *, force=False, connection=default_connection):
    """Bring the backup `src` back into this installation: its database, then its media files.

    Every checksum is verified, and the backup matched against this installation, before anything is
    touched. Refuses a database that already holds articles (or media already in MEDIA_ROOT) unless `force`.
    Returns (the manifest, the number of migrations this code has that the backup's database had not).
    """
    with opened(Path(src).absolute()) as (folder, manifest):
        refuse_unmatched(manifest, connection)
        if not force:
            refuse_occupied(connection)
        restore_database(folder / manifest["database"]["file"], connection)
        restore_media(folder, manifest)
    page_cache.invalidate(page_cache.SITE)  # no page stored before the restore is served after it
    executor = MigrationExecutor(connection)
    return manifest, len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@contextmanager
def opened(src):
    """The backup `src` as a folder (a .tar unpacked into a temporary one) with its verified manifest."""
    if not src.exists():
        raise BackupError(f"{src} does not exist.")
    if src.is_dir():
        yield src, verified_manifest(src)
        return
    if not archive_mode(src) or not tarfile.is_tarfile(src):
        raise BackupError(f"{src} is neither a backup folder nor a .tar file.")
    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as work:
        with tarfile.open(src) as archive:
            try:
                archive.extractall(work, filter="data")  # refuses absolute paths, "..", devices and links out
            except (tarfile.TarError, OSError) as error:
                raise BackupError(f"{src} cannot be unpacked: {error}") from None
        yield Path(work), verified_manifest(Path(work))


def verified_manifest(folder):
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} has no {MANIFEST}: is it a backup made by manage.py backup?") from None
    except ValueError as error:
        raise BackupError(f"{MANIFEST} is not valid JSON ({error}): the backup is damaged.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is of format {manifest.get('format')!r}; this code reads format {FORMAT}.")
    damaged = []
    for name, expected in sorted(manifest["files"].items()):
        path = folder / name
        if not is_inside(name) or not path.is_file():
            damaged.append(f"{name} is missing")
        elif sha256(path) != expected:
            damaged.append(f"{name} does not match its checksum")
    if manifest["database"]["file"] not in manifest["files"]:
        damaged.append(f"{manifest['database']['file']} is not in the manifest")
    if damaged:
        raise BackupError("The backup is damaged, so nothing was restored: " + "; ".join(damaged) + ".")
    return manifest


def is_inside(name):
    """Whether the manifest's `name` is a plain relative path, so that a forged manifest reaches no other file."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def refuse_unmatched(manifest, connection):
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The backup holds a {vendor} database, and this installation's DATABASE_URL is {connection.vendor}: "
            "restore it into the same kind of database."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app} {name}" for app, name in manifest["migrations"].items() if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"The backup was made by a newer Newsroom ({manifest['versions']['newsroom']}): this code does not "
            f"have the migrations {', '.join(unknown)}. Deploy the version that made it, then restore."
        )


def refuse_occupied(connection):
    article = apps.get_model("articles", "Article")
    if article._meta.db_table in connection.introspection.table_names() and article.objects.exists():
        raise BackupError(
            f"The database already holds {article.objects.count()} articles: restore into an empty installation, "
            "or give --force to replace everything in it with the backup."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(path.is_file() for path in media_root.rglob("*")):
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) already holds files: restore into an empty installation, "
            "or give --force to write the backup's files over them."
        )


def restore_database(database_file, connection):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(f"{database_file.as_uri()}?mode=ro", uri=True)
        try:
            backup.backup(connection.connection, pages=-1)
        finally:
            backup.close()
    else:
        arguments = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
        connection.close()  # pg_restore drops the tables: no idle session of ours holds them
        run_postgres_tool(connection, "pg_restore", [*arguments, "--no-password", str(database_file)], action="restore")
    connection.close()  # the next query opens the restored database with the settings' own pragmas


def restore_media(folder, manifest):
    media_root = Path(settings.MEDIA_ROOT)
    prefix = f"{MEDIA}/"
    for name in manifest["files"]:
        if name.startswith(prefix):
            target = media_root / name.removeprefix(prefix)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / name, target)


# PostgreSQL's own tools ------------------------------------------------------------------------------


def run_postgres_tool(connection, tool, arguments, *, action):
    """Run pg_dump or pg_restore on `connection`'s database, the password passed in the environment."""
    settings_dict = connection.settings_dict
    environment = {**os.environ, "PGDATABASE": settings_dict["NAME"]}
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    for variable, option in [("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")]:
        if settings_dict.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings_dict["OPTIONS"][option])
    if tool == "pg_restore":
        arguments = [f"--dbname={settings_dict['NAME']}", *arguments]
    command = [find_postgres_tool(tool, connection), *arguments]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{tool} could not {action} the database (exit {result.returncode}): {result.stderr.strip()}")


def find_postgres_tool(tool, connection):
    """`tool` on PATH, or beside the server's binaries where Debian, Red Hat and Homebrew install them."""
    found = shutil.which(tool)
    if found:
        return found
    connection.ensure_connection()
    major = connection.pg_version // 10000
    places = [
        Path(f"/usr/lib/postgresql/{major}/bin"),
        Path(f"/usr/pgsql-{major}/bin"),
        Path(f"/opt/homebrew/opt/postgresql@{major}/bin"),
        Path(f"/usr/local/opt/postgresql@{major}/bin"),
    ]
    for place in places:
        if (place / tool).is_file():
            return str(place / tool)
    raise BackupError(
        f"{tool} was not found on PATH nor in {', '.join(str(place) for place in places)}: install PostgreSQL "
        f"{major}'s client tools (Debian: apt install postgresql-client-{major}) or put {tool} on PATH."
    )
