"""Campaigns that existed before this app get the default achievement categories."""

from django.db import migrations

DEFAULTS = ["101%服务", "百户企业大走访", "百名科长联百企", "百个站所进万家", "其他"]


def add_defaults(apps, schema_editor):
    Campaign = apps.get_model("efficiency_center", "Campaign")
    Category = apps.get_model("achievements", "Category")
    for campaign in Campaign.objects.all():
        if not Category.objects.filter(campaign=campaign).exists():
            Category.objects.bulk_create(
                Category(campaign=campaign, name=name, position=index)
                for index, name in enumerate(DEFAULTS)
            )


class Migration(migrations.Migration):
    dependencies = [("achievements", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
