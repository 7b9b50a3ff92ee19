"""Trigram indexes for the public list's search (icontains on project names, CJK included).

PostgreSQL only: the embedded SQLite default searches without an index."""

from django.db import migrations

INDEX = "pp_filing_name_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON practice_projects_projectfiling "
        "USING gin (UPPER(name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("practice_projects", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
