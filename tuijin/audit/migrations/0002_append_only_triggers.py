"""Make the audit table append-only in the database itself (``tuijin/audit/triggers.py`` says how)."""

from django.db import migrations


def install(apps, schema_editor):
    from tuijin.audit import triggers

    with schema_editor.connection.cursor() as cursor:
        for statement in triggers.INSTALL.get(schema_editor.connection.vendor, []):
            cursor.execute(statement)


def uninstall(apps, schema_editor):
    from tuijin.audit import triggers

    with schema_editor.connection.cursor() as cursor:
        for statement in triggers.DROP.get(schema_editor.connection.vendor, []):
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
