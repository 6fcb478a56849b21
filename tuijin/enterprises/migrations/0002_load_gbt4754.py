from django.db import migrations


def load_industries(apps, schema_editor):
    from tuijin.enterprises.gbt4754 import load

    load(apps.get_model("enterprises", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(load_industries, migrations.RunPython.noop)]
