"""MissedDeadline is gone: 0003 carried its rows over to the core's LateFiling (separate, so
that no table is dropped with row updates pending)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("achievements", "0003_late_filings_and_versions")]

    operations = [migrations.DeleteModel(name="MissedDeadline")]
