"""Drop the reason a ranking run kept before it became a leader decision (0002 carried it over
into decision_comment; separate, so that no table is altered with row updates pending)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("selection", "0002_ranking_run_leader_decision")]

    operations = [migrations.RemoveField(model_name="rankingrun", name="decision_reason")]
