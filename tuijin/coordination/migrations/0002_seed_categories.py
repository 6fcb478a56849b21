from django.db import migrations


def seed(apps, schema_editor):
    from tuijin.coordination.models import seed_categories

    seed_categories(apps.get_model("coordination", "ProblemCategory"))


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
