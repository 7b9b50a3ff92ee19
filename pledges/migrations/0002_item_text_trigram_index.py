"""A pg_trgm GIN index for the public search (icontains on pledge item text, Chinese included).

PostgreSQL only: SQLite, the embedded default, migrates through this as a no-op and searches by
scanning, which is fine at its scale.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "pledges_item_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    TrigramExtension().database_forwards("pledges", schema_editor, None, None)
    # The expression Django's icontains produces on PostgreSQL: UPPER("text"::text) LIKE ...
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON pledges_pledgeitem "
        'USING gin ((UPPER("text"::text)) gin_trgm_ops)'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other apps' indexes may use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
