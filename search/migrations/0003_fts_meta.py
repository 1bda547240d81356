"""SQLite: a ``meta`` column of filter tokens in the full-text table (see SqliteBackend).

The table is recreated empty; ``manage.py search_rebuild`` fills it (``load_demo`` runs it).
"""

from django.db import migrations

FORWARD = [
    "DROP TABLE IF EXISTS site_search_fts_vocab",
    "DROP TABLE IF EXISTS site_search_fts",
    "CREATE VIRTUAL TABLE site_search_fts USING fts5(title, summary, body, meta, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE site_search_fts_vocab USING fts5vocab(site_search_fts, 'row')",
]
BACKWARD = [
    "DROP TABLE IF EXISTS site_search_fts_vocab",
    "DROP TABLE IF EXISTS site_search_fts",
    "CREATE VIRTUAL TABLE site_search_fts USING fts5(title, summary, body, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE site_search_fts_vocab USING fts5vocab(site_search_fts, 'row')",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)
            schema_editor.execute("DELETE FROM site_search_searchdocumenttopic")
            schema_editor.execute("DELETE FROM site_search_searchdocument")

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0002_full_text")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
