from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("practice_projects", "0004_late_filings_into_the_core"),
    ]

    operations = [
        migrations.DeleteModel(name="LateFiling"),
    ]
