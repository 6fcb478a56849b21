"""Install the triggers that keep the dashboard cells current (``tuijin/alerts/triggers.py`` says why)."""

from django.db import migrations


def install(apps, schema_editor):
    from tuijin.alerts import triggers

    triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from tuijin.alerts import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0002_dashboard_cells"),
        ("projects", "0004_search_index"),
        ("progress", "0002_rollup_plan_flags"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
