"""The full-text part of the index, which each database keeps its own way (see backends/embedded.py)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS site_search_fts USING fts5(title, summary, body, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS site_search_fts_vocab USING fts5vocab(site_search_fts, 'row')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS site_search_fts_vocab", "DROP TABLE IF EXISTS site_search_fts"]
POSTGRES = [
    "ALTER TABLE site_search_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "ALTER TABLE site_search_searchdocument ADD COLUMN IF NOT EXISTS search_title tsvector",
    "CREATE INDEX IF NOT EXISTS site_search_doc_vector ON site_search_searchdocument USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS site_search_doc_title ON site_search_searchdocument USING gin (search_title)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS site_search_doc_title",
    "DROP INDEX IF EXISTS site_search_doc_vector",
    "ALTER TABLE site_search_searchdocument DROP COLUMN IF EXISTS search_title",
    "ALTER TABLE site_search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
