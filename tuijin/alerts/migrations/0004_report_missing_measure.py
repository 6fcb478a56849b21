"""月报未按期报送 now counts from the oldest unsent month of a run: say so on the rules page of existing installs."""

from django.db import migrations

OLD = "上月月报超过报送截止日仍未报送的天数"
NEW = "最早一期未报月报超过报送截止日的天数"


def rename(apps, schema_editor, old=OLD, new=NEW):
    apps.get_model("alerts", "WarningRule").objects.filter(key="report_missing", measure=old).update(measure=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):

    dependencies = [("alerts", "0003_dashboard_cell_triggers")]

    operations = [migrations.RunPython(rename, rename_back)]
