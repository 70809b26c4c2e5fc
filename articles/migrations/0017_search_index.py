"""The search index (articles/search.py): an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL, each kept current by triggers, whatever writes the articles, their tags or their authors.

Triggers rather than calls in articles/services.py: an article's words change through save_article, but
its tags and authors change through the admin's save_m2m, `article.tags.set()` in the demo and the bench's
bulk inserts, and a tag or an author can be renamed in its own admin page; a trigger sees every one of
those writes in the same transaction, so the index cannot fall behind (docs/decisions.md, "Search").
"""

import django.db.models.deletion
from django.db import migrations, models

import articles.models

# Column weights of bm25, in the order of the columns: a word in the headline counts most.
SQLITE_RANK = "bm25(10.0, 4.0, 1.0, 6.0, 6.0)"

# What the tags and the authors of article `{id}` say, one string each.
SQLITE_TAGS = (
    "(SELECT coalesce(group_concat(t.name, ' '), '') FROM articles_tag t "
    "JOIN articles_article_tags l ON l.tag_id = t.id WHERE l.article_id = {id})"
)
SQLITE_AUTHORS = (
    "(SELECT coalesce(group_concat(p.name, ' '), '') FROM articles_author p "
    "JOIN articles_article_authors l ON l.author_id = p.id WHERE l.article_id = {id})"
)


def sqlite_statements():
    tags = SQLITE_TAGS.format(id="new.article_id")
    authors = SQLITE_AUTHORS.format(id="new.article_id")
    old_tags = SQLITE_TAGS.format(id="old.article_id")
    old_authors = SQLITE_AUTHORS.format(id="old.article_id")
    return [
        # remove_diacritics 2: "Beyonce" finds "Beyoncé". Marks (M*) are part of words, so that Devanagari's
        # vowel signs and nukta do not cut a Hindi name in pieces, as the default categories do. The
        # prefix indexes make "priyan" (a prefix query) as quick as a whole word.
        "CREATE VIRTUAL TABLE articles_search USING fts5(headline, standfirst, body, tags, authors, "
        "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co M*'\", prefix = '2 3')",
        f"INSERT INTO articles_search(articles_search, rank) VALUES ('rank', '{SQLITE_RANK}')",
        "INSERT INTO articles_search(rowid, headline, standfirst, body, tags, authors) "
        f"SELECT a.id, a.headline, a.standfirst, a.body, {SQLITE_TAGS.format(id='a.id')}, "
        f"{SQLITE_AUTHORS.format(id='a.id')} FROM articles_article a",
        # The links are usually written after the article, and their triggers add its tags and authors;
        # links written first (a bulk load, foreign keys being checked at commit) are read here. Each later
        # change to a row re-indexes it whole and makes FTS5 flush what it holds in memory, so a bulk load
        # that writes the links first indexes each article once (bench/seed.py).
        "CREATE TRIGGER articles_search_article_insert AFTER INSERT ON articles_article BEGIN "
        "DELETE FROM articles_search WHERE rowid = new.id; "
        "INSERT INTO articles_search(rowid, headline, standfirst, body, tags, authors) "
        f"VALUES (new.id, new.headline, new.standfirst, new.body, {SQLITE_TAGS.format(id='new.id')}, "
        f"{SQLITE_AUTHORS.format(id='new.id')}); END",
        # Only the words: a new comment count or status leaves the index alone.
        "CREATE TRIGGER articles_search_article_update AFTER UPDATE OF headline, standfirst, body "
        "ON articles_article BEGIN UPDATE articles_search SET headline = new.headline, "
        "standfirst = new.standfirst, body = new.body WHERE rowid = new.id; END",
        "CREATE TRIGGER articles_search_article_delete AFTER DELETE ON articles_article BEGIN "
        "DELETE FROM articles_search WHERE rowid = old.id; END",
        "CREATE TRIGGER articles_search_tag_added AFTER INSERT ON articles_article_tags BEGIN "
        f"UPDATE articles_search SET tags = {tags} WHERE rowid = new.article_id; END",
        "CREATE TRIGGER articles_search_tag_removed AFTER DELETE ON articles_article_tags BEGIN "
        f"UPDATE articles_search SET tags = {old_tags} WHERE rowid = old.article_id; END",
        "CREATE TRIGGER articles_search_author_added AFTER INSERT ON articles_article_authors BEGIN "
        f"UPDATE articles_search SET authors = {authors} WHERE rowid = new.article_id; END",
        "CREATE TRIGGER articles_search_author_removed AFTER DELETE ON articles_article_authors BEGIN "
        f"UPDATE articles_search SET authors = {old_authors} WHERE rowid = old.article_id; END",
        "CREATE TRIGGER articles_search_tag_renamed AFTER UPDATE OF name ON articles_tag BEGIN "
        f"UPDATE articles_search SET tags = {SQLITE_TAGS.format(id='articles_search.rowid')} "
        "WHERE rowid IN (SELECT article_id FROM articles_article_tags WHERE tag_id = new.id); END",
        "CREATE TRIGGER articles_search_author_renamed AFTER UPDATE OF name ON articles_author BEGIN "
        f"UPDATE articles_search SET authors = {SQLITE_AUTHORS.format(id='articles_search.rowid')} "
        "WHERE rowid IN (SELECT article_id FROM articles_article_authors WHERE author_id = new.id); END",
    ]


SQLITE_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS articles_search_{name}"
        for name in (
            "article_insert", "article_update", "article_delete", "tag_added", "tag_removed", "author_added",
            "author_removed", "tag_renamed", "author_renamed",
        )  # fmt: skip
    ),
    "DROP TABLE IF EXISTS articles_search",
]

# unaccent is a trusted extension (PostgreSQL 13 and later): the owner of the database may create it
# without being a superuser, as CI's role and a managed database's owner are. 'simple': names are not
# English words, so no stemming and no stop words ("The Weeknd", "Shah Rukh Khan").
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TABLE articles_search (rowid bigint PRIMARY KEY, articles_search tsvector NOT NULL)",
    "CREATE INDEX articles_search_document_gin ON articles_search USING gin (articles_search)",
    """
    CREATE FUNCTION articles_search_refresh(article bigint) RETURNS void LANGUAGE sql AS $$
        INSERT INTO articles_search (rowid, articles_search)
        SELECT a.id,
            setweight(to_tsvector('simple', unaccent(a.headline)), 'A')
            || setweight(to_tsvector('simple', unaccent(concat_ws(' ',
                (SELECT string_agg(t.name, ' ') FROM articles_tag t
                    JOIN articles_article_tags l ON l.tag_id = t.id WHERE l.article_id = a.id),
                (SELECT string_agg(p.name, ' ') FROM articles_author p
                    JOIN articles_article_authors l ON l.author_id = p.id WHERE l.article_id = a.id)
            ))), 'B')
            || setweight(to_tsvector('simple', unaccent(a.standfirst)), 'C')
            || setweight(to_tsvector('simple', unaccent(a.body)), 'D')
        FROM articles_article a WHERE a.id = article
        ON CONFLICT (rowid) DO UPDATE SET articles_search = EXCLUDED.articles_search;
    $$
    """,
    """
    CREATE FUNCTION articles_search_article_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM articles_search WHERE rowid = OLD.id;
        ELSE
            PERFORM articles_search_refresh(NEW.id);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION articles_search_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM articles_search_refresh(OLD.article_id);
        ELSE
            PERFORM articles_search_refresh(NEW.article_id);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION articles_search_name_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'articles_tag' THEN
            PERFORM articles_search_refresh(article_id) FROM articles_article_tags WHERE tag_id = NEW.id;
        ELSE
            PERFORM articles_search_refresh(article_id) FROM articles_article_authors WHERE author_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER articles_search_article AFTER INSERT OR DELETE OR UPDATE OF headline, standfirst, body "
    "ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_search_article_changed()",
    "CREATE TRIGGER articles_search_tags AFTER INSERT OR DELETE ON articles_article_tags "
    "FOR EACH ROW EXECUTE FUNCTION articles_search_link_changed()",
    "CREATE TRIGGER articles_search_authors AFTER INSERT OR DELETE ON articles_article_authors "
    "FOR EACH ROW EXECUTE FUNCTION articles_search_link_changed()",
    "CREATE TRIGGER articles_search_tag_renamed AFTER UPDATE OF name ON articles_tag "
    "FOR EACH ROW EXECUTE FUNCTION articles_search_name_changed()",
    "CREATE TRIGGER articles_search_author_renamed AFTER UPDATE OF name ON articles_author "
    "FOR EACH ROW EXECUTE FUNCTION articles_search_name_changed()",
    "SELECT articles_search_refresh(id) FROM articles_article",
]

POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_search_article ON articles_article",
    "DROP TRIGGER IF EXISTS articles_search_tags ON articles_article_tags",
    "DROP TRIGGER IF EXISTS articles_search_authors ON articles_article_authors",
    "DROP TRIGGER IF EXISTS articles_search_tag_renamed ON articles_tag",
    "DROP TRIGGER IF EXISTS articles_search_author_renamed ON articles_author",
    "DROP FUNCTION IF EXISTS articles_search_name_changed()",
    "DROP FUNCTION IF EXISTS articles_search_link_changed()",
    "DROP FUNCTION IF EXISTS articles_search_article_changed()",
    "DROP FUNCTION IF EXISTS articles_search_refresh(bigint)",
    "DROP TABLE IF EXISTS articles_search",
]


def run(statements):
    """RunPython rather than RunSQL: each engine gets its own statements (RunSQL cannot ask which it is)."""

    def operation(apps, schema_editor):
        chosen = statements.get(schema_editor.connection.vendor)
        for statement in chosen() if callable(chosen) else chosen or ():
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_site_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("document", articles.models.FullTextField(db_column="articles_search")),
                ("rank", models.FloatField(db_column="rank")),
            ],
            options={
                "db_table": "articles_search",
                "managed": False,
            },
        ),
        migrations.RunPython(
            run({"sqlite": sqlite_statements, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
