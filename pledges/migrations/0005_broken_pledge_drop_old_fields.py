"""Drop the fields a pledge not kept had before it became a leader decision (0004 carried
their values over; separate, so that no table is altered with row updates pending)."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("pledges", "0004_broken_pledge_leader_decision")]

    operations = [
        migrations.RemoveConstraint(
            model_name="brokenpledge", name="pledges_one_breach_per_item_quarter"
        ),
        migrations.RemoveField(model_name="brokenpledge", name="confirmed_at"),
        migrations.RemoveField(model_name="brokenpledge", name="confirmed_by"),
        migrations.RemoveField(model_name="brokenpledge", name="dismissal_reason"),
        migrations.RemoveField(model_name="brokenpledge", name="dismissed_at"),
        migrations.RemoveField(model_name="brokenpledge", name="dismissed_by"),
        migrations.RemoveField(model_name="brokenpledge", name="status"),
        migrations.AddConstraint(
            model_name="brokenpledge",
            constraint=models.UniqueConstraint(
                condition=~Q(decision="refused"),
                fields=("item", "quarter"),
                name="pledges_one_breach_per_item_quarter",
            ),
        ),
    ]
