"""The disposal box on a warning has a visible label bound to it, so a reader (and a screen reader) knows what to write."""

import datetime as dt
import re

from tuijin.accounts.models import Role
from tuijin.alerts import scan
from tuijin.alerts.models import RuleKey, Warning


def test_it_labels_the_disposal_box(client, project, users):
    # Given a raised warning and the department clerk who disposes of it
    project.planned_start_date = dt.date(2026, 6, 5)
    project.save()
    scan.run(dt.date(2026, 6, 15))
    warning = Warning.objects.get(project=project, rule=RuleKey.START_OVERDUE)
    client.force_login(users[Role.DEPARTMENT_CLERK])

    # When they open the warning
    page = client.get(f"/battle-map/warnings/{warning.pk}/").content.decode()

    # Then the box is labelled 处置情况 and the label points at the textarea
    label = re.search(r'<label[^>]*for="([^"]+)"[^>]*>([^<]*)</label>', page)
    assert label and label.group(2).startswith("处置情况")
    assert re.search(rf'<textarea[^>]*id="{label.group(1)}"[^>]*name="note"|<textarea[^>]*name="note"[^>]*id="{label.group(1)}"', page)
