"""manage.py backup and restore: a site written out while it runs and brought back, whole, into an empty one."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.images import stored_names
from articles.models import Article
from articles.services import save_article
from articles.tests.builders import make_article, make_image, make_ready_article, make_staff
from comments.models import Comment
from comments.tests.builders import make_comment
from newsroom.backup import DATABASE_FILES, BackupError, copy_sqlite, find_postgres_tool
from social.tests.builders import make_social_post

BASE_DIR = Path(__file__).resolve().parents[2]
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…, CI's second leg)"
)
# The restores into a second SQLite file; on PostgreSQL the test below restores into a second database.
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="restores into a SQLite file, or SQLite's own API")

# What the site holds, printed by the restored installation and computed here alike.
INVENTORY = """
import hashlib, json
from django.core.files.storage import default_storage
from articles.images import stored_names
from articles.models import Article, ArticleRevision, Image
from comments.models import Comment
from social.models import SocialPost

def inventory():
    names = set()
    for image in Image.objects.all():
        names |= {image.file.name, *stored_names(image.stored_renditions)}
    def checksum(name):
        with default_storage.open(name) as file:
            return hashlib.sha256(file.read()).hexdigest()
    return {
        "articles": sorted(Article.objects.values_list("headline", "status")),
        "revisions": sorted(ArticleRevision.objects.values_list("article__headline", "version", "body")),
        "comments": sorted(Comment.objects.values_list("article__headline", "text")),
        "social posts": sorted(SocialPost.objects.values_list("platform", "post_id", "text")),
        "pictures": {name: checksum(name) for name in sorted(names)},
    }
"""


def inventory():
    """The same inventory as the restored installation prints, of the test's own database and MEDIA_ROOT."""
    found = {}
    exec(INVENTORY, found)  # noqa: S102 (the module's own code, run here and in the subprocess alike)
    return json.loads(json.dumps(found["inventory"]()))  # tuples as the subprocess's JSON has them: lists


def manage(tmp_path, *arguments, database_url=None):
    """Run manage.py in an installation of its own: its database (an empty SQLite file unless told) and media."""
    env = {
        "PATH": os.environ["PATH"],
        "VAR_DIR": str(tmp_path / "restored"),
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "restored" / "media"),
        "ENV_FILE": os.devnull,
        "PAGE_CACHE": "0",
    }
    return subprocess.run(  # noqa: S603 (the test's own command)
        [sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def restored_inventory(tmp_path, **options):
    result = manage(tmp_path, "shell", "-c", INVENTORY + "print(json.dumps(inventory()))", **options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def back_up(dest):
    """Run manage.py backup DEST in this process, on the test database; what it printed."""
    output = io.StringIO()
    call_command("backup", str(dest), stdout=output)
    return output.getvalue()


def build_site():
    """A site with every kind of thing a backup must keep: revisions, comments, social posts and pictures."""
    editor = make_staff("Editor")
    story = make_ready_article(headline="Premiere night in Mumbai")
    story.body = "The second draft."
    save_article(story, actor=editor)
    story.body = "The third draft."
    save_article(story, actor=editor)
    make_article(headline="A draft nobody reads", status=Article.Status.DRAFT, published_at=None)
    make_comment(article=story, text="Loved the trailer!")
    make_comment(article=story, text="Held for review", status=Comment.Status.PENDING)
    make_social_post(text="Tickets are up #Premiere")
    make_image(alt_text="A picture in the library only")


@on_sqlite
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["backup", "backup.tar.gz"])
def test_a_backup_restored_into_an_empty_installation_finds_every_article_revision_comment_post_and_picture(
    tmp_path, name
):
    build_site()
    before = inventory()

    backed_up = back_up(tmp_path / name)
    restored = manage(tmp_path, "restore", str(tmp_path / name))

    assert backed_up == f"Backed up the {connection.vendor} database and 18 media files to {tmp_path / name}.\n"
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Restored the database and 18 media files from {tmp_path / name}, backed up")
    assert restored_inventory(tmp_path) == before
    assert len(before["revisions"]) == 3
    assert len(before["pictures"]) == 18  # two pictures, each its original and 8 renditions


@pytest.mark.django_db(transaction=True)
def test_a_backup_names_its_files_versions_and_migrations_in_its_manifest(tmp_path):
    picture = make_image()

    back_up(tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())

    assert manifest["database"] == {"vendor": connection.vendor, "file": DATABASE_FILES[connection.vendor]}
    assert manifest["media"] == {"folder": "media", "files": len(stored_names(picture.stored_renditions)) + 1}
    original = (tmp_path / "media" / picture.file.name).read_bytes()
    assert manifest["files"][f"media/{picture.file.name}"] == hashlib.sha256(original).hexdigest()
    assert sorted(manifest["files"]) == sorted(
        path.relative_to(tmp_path / "backup").as_posix()
        for path in (tmp_path / "backup").rglob("*")
        if path.is_file() and path.name != "manifest.json"
    )
    assert manifest["versions"]["newsroom"] == "0.1.0"
    migrations = (BASE_DIR / "articles" / "migrations").glob("0*.py")
    assert manifest["migrations"]["articles"] == max(path.stem for path in migrations)


@pytest.mark.django_db
def test_a_backup_refuses_a_destination_that_is_not_empty(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("keep me")

    with pytest.raises(CommandError) as refused:
        call_command("backup", str(tmp_path / "backup"))

    assert str(refused.value) == (
        f"{tmp_path / 'backup'} already exists and is not empty: give a new folder or .tar file."
    )
    assert [path.name for path in (tmp_path / "backup").iterdir()] == ["notes.txt"]


@pytest.mark.django_db(transaction=True)
def test_a_tampered_backup_is_refused_naming_the_file_and_nothing_is_restored(tmp_path):
    picture = make_image()
    make_article(headline="Kept safe")
    back_up(tmp_path / "backup")
    with open(tmp_path / "backup" / "media" / picture.file.name, "r+b") as file:
        file.seek(100)
        file.write(b"\x00\x00\x00\x00")

    refused = manage(tmp_path, "restore", str(tmp_path / "backup"))

    assert refused.returncode == 1
    assert refused.stderr == (
        f"CommandError: The backup is damaged, so nothing was restored: media/{picture.file.name} does not match "
        "its checksum.\n"
    )
    assert not (tmp_path / "restored" / "db.sqlite3").exists()
    assert [path for path in (tmp_path / "restored" / "media").rglob("*") if path.is_file()] == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_made_by_newer_code_is_refused_before_anything_is_touched(tmp_path):
    make_article(headline="Still here")
    back_up(tmp_path / "backup")
    manifest_file = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["versions"]["newsroom"] = "9.0.0"
    manifest["migrations"]["articles"] = "0999_from_a_later_release"
    manifest_file.write_text(json.dumps(manifest))

    with pytest.raises(CommandError) as refused:
        call_command("restore", "--force", str(tmp_path / "backup"))

    assert str(refused.value) == (
        "The backup was made by a newer Newsroom (9.0.0): this code does not have the migrations articles "
        "0999_from_a_later_release. Deploy the version that made it, then restore."
    )
    assert list(Article.objects.values_list("headline", flat=True)) == ["Still here"]


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_other_kind_of_database_is_refused(tmp_path):
    back_up(tmp_path / "backup")
    manifest_file = tmp_path / "backup" / "manifest.json"
    other = {"sqlite": "postgresql"}.get(connection.vendor, "sqlite")
    manifest = json.loads(manifest_file.read_text())
    manifest["database"]["vendor"] = other
    manifest_file.write_text(json.dumps(manifest))

    with pytest.raises(CommandError) as refused:
        call_command("restore", "--force", str(tmp_path / "backup"))

    assert str(refused.value) == (
        f"The backup holds a {other} database, and this installation's DATABASE_URL is {connection.vendor}: "
        "restore it into the same kind of database."
    )


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_holds_articles_unless_forced(tmp_path):
    make_article(headline="From the backup")
    back_up(tmp_path / "backup")
    assert manage(tmp_path, "restore", str(tmp_path / "backup")).returncode == 0

    refused = manage(tmp_path, "restore", str(tmp_path / "backup"))
    forced = manage(tmp_path, "restore", "--force", str(tmp_path / "backup"))

    assert refused.returncode == 1
    assert refused.stderr == (
        "CommandError: The database already holds 1 articles: restore into an empty installation, or give --force "
        "to replace everything in it with the backup.\n"
    )
    assert forced.returncode == 0, forced.stderr
    assert restored_inventory(tmp_path)["articles"] == [["From the backup", "published"]]


@on_sqlite
def test_a_sqlite_backup_is_one_moment_of_the_database_while_another_connection_writes(tmp_path):
    """A writer adds a pair of rows per transaction, before, during and after the copy: the copy holds whole pairs."""
    database = tmp_path / "site.sqlite3"
    writer = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE pairs_left (n INTEGER)")
    writer.execute("CREATE TABLE pairs_right (n INTEGER)")
    writer.execute("CREATE TABLE padding (text TEXT)")  # pages enough that the copy takes more than a moment
    writer.executemany("INSERT INTO padding VALUES (?)", [("x" * 4000,) for _ in range(5000)])
    written, stop, started = [0], threading.Event(), threading.Event()

    def write_pairs():
        while not stop.is_set():
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO pairs_left VALUES (?)", (written[0],))
            writer.execute("INSERT INTO pairs_right VALUES (?)", (written[0],))
            writer.execute("COMMIT")
            written[0] += 1
            if written[0] == 100:
                started.set()

    thread = threading.Thread(target=write_pairs)
    thread.start()
    started.wait()
    before = written[0]
    reader = sqlite3.connect(database)
    copy_sqlite(reader, tmp_path / "copy.sqlite3")
    after = written[0]
    stop.set()
    thread.join()
    reader.close()
    writer.close()

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    left = copy.execute("SELECT count(*) FROM pairs_left").fetchone()[0]
    right = copy.execute("SELECT count(*) FROM pairs_right").fetchone()[0]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert left == right
    assert before <= left <= after
    assert after > before  # the writer went on during the copy: WAL lets it, and the copy stayed one moment
    assert copy.execute("SELECT count(*) FROM padding").fetchone() == (5000,)
    copy.close()


def test_a_missing_pg_dump_is_named_with_where_it_was_looked_for_and_the_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    server = SimpleNamespace(pg_version=990004, ensure_connection=lambda: None)  # a PostgreSQL 99 connection

    with pytest.raises(BackupError) as missing:
        find_postgres_tool("pg_dump", server)

    assert str(missing.value) == (
        "pg_dump was not found on PATH nor in /usr/lib/postgresql/99/bin, /usr/pgsql-99/bin, "
        "/opt/homebrew/opt/postgresql@99/bin, /usr/local/opt/postgresql@99/bin: install PostgreSQL 99's client "
        "tools (Debian: apt install postgresql-client-99) or put pg_dump on PATH."
    )


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_is_restored_through_pg_dump_and_pg_restore_into_an_empty_database(tmp_path):
    build_site()
    before = inventory()
    settings_dict = connection.settings_dict
    empty = f"{settings_dict['NAME']}_restore"
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    address = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
    database_url = f"postgres://{user}{password}@{address}/{empty}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
        cursor.execute(f'CREATE DATABASE "{empty}"')
    try:
        back_up(tmp_path / "backup.tar")
        restored = manage(tmp_path, "restore", str(tmp_path / "backup.tar"), database_url=database_url)

        assert restored.returncode == 0, restored.stderr
        assert restored_inventory(tmp_path, database_url=database_url) == before
        assert len(before["revisions"]) == 3
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')
