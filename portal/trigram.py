"""Trigram indexes for search on PostgreSQL.

Search matches `search_text LIKE '% word%'` (portal: SearchableQuerySet.search); a GIN index with
pg_trgm's operator class serves such patterns, so search reads the index instead of every row.
SQLite has no such index and does not need one at its scale; the operation does nothing there.
"""

from django.db import migrations


def index_name(table):
    return f"{table}_search_trgm"


def trigram_search_indexes(app_label, *model_names):
    """A migration operation creating (and on reverse, dropping) one index per model."""

    def tables(apps):
        return [apps.get_model(app_label, name)._meta.db_table for name in model_names]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in tables(apps):
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(table)}" ON "{table}" USING gin (search_text gin_trgm_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables(apps):
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table)}"')

    return migrations.RunPython(create, drop, elidable=False)
