"""SQLite: a title-only full-text table beside the main one (see SqliteBackend._field_scores).

Looking for title matches of several common words in the main table walks every posting of each word
in every column; this table holds title postings only. It is filled from the main table's stored
titles, so no rebuild is needed.
"""

from django.db import migrations

FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS site_search_title_fts USING fts5(title, meta, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO site_search_title_fts (rowid, title, meta) SELECT rowid, title, meta FROM site_search_fts",
]
BACKWARD = ["DROP TABLE IF EXISTS site_search_title_fts"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_fts_meta")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
