from django.db import migrations


def load(apps, schema_editor):
    from tuijin.nodeplans import library

    library.load({name: apps.get_model("nodeplans", name) for name in ("NodeTemplate", "TemplateNode", "TemplateLink")})


class Migration(migrations.Migration):
    dependencies = [("nodeplans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
