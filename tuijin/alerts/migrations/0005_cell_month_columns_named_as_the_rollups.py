"""The battle map's cells name their month columns as the rollups do (completed_m01 … completed_m12).

The cells are derived data, so nothing is lost either way; the triggers of 0003 log changes by
(park, chain, category) and do not name these columns.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("alerts", "0004_report_missing_measure")]

    operations = [
        migrations.RenameField("dashboardcell", "m01", "completed_m01"),
        migrations.RenameField("dashboardcell", "m02", "completed_m02"),
        migrations.RenameField("dashboardcell", "m03", "completed_m03"),
        migrations.RenameField("dashboardcell", "m04", "completed_m04"),
        migrations.RenameField("dashboardcell", "m05", "completed_m05"),
        migrations.RenameField("dashboardcell", "m06", "completed_m06"),
        migrations.RenameField("dashboardcell", "m07", "completed_m07"),
        migrations.RenameField("dashboardcell", "m08", "completed_m08"),
        migrations.RenameField("dashboardcell", "m09", "completed_m09"),
        migrations.RenameField("dashboardcell", "m10", "completed_m10"),
        migrations.RenameField("dashboardcell", "m11", "completed_m11"),
        migrations.RenameField("dashboardcell", "m12", "completed_m12"),
    ]
