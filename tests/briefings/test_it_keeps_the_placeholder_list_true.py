"""The placeholder list an upload is checked against is the shape of what the packs really fill in."""

import datetime as dt

from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.briefings import figures, meeting_pack, placeholders
from tuijin.coordination import actions as coordination

from .conftest import AS_OF, MARCH


def test_the_monthly_specimen_is_the_monthly_context_s_shape(small_district):
    context = figures.monthly(MARCH, today=AS_OF).context
    specimen = {key: value for key, value in placeholders.shape(placeholders.MONTHLY).items() if key != "charts"}
    shape = placeholders.shape(context)
    # every list the district fills has the specimen's fields; the charts are added when drawn
    for key, value in specimen.items():
        assert key in shape, key
        if shape[key] not in ([], None):
            assert shape[key] == value, key


def test_the_meeting_specimen_is_the_meeting_context_s_shape(users, small_district, department):
    coordinator = users[Role.COORDINATOR]
    before = coordination.record_meeting(actor=coordinator, data={
        "title": "2月调度会", "held_at": timezone.make_aware(dt.datetime(2026, 2, 20, 9)), "place": "区政府"})
    coordination.record_decision(before, actor=coordinator, lead=department, working_days=10, data={
        "title": "协调用电", "description": "住建局牵头", "category": small_district["open_problem"].category})
    meeting = coordination.record_meeting(actor=coordinator, data={
        "title": "3月调度会", "held_at": timezone.make_aware(dt.datetime(2026, 3, 25, 9)), "place": "区政府"},
        projects=[small_district["A"]], agenda=[small_district["open_problem"]])
    context = meeting_pack.context(meeting, dt.date(2026, 3, 31))
    assert placeholders.shape(context) == placeholders.shape(placeholders.MEETING)
