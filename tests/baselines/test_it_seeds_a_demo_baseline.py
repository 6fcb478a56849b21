"""The demo district opens the baseline page on something: a past 调度会 and changes made since."""

from django.core.management import call_command

from tuijin.accounts.models import User
from tuijin.baselines import comparison
from tuijin.baselines.comparison import Kind


def test_the_demo_baseline_since_the_last_meeting_has_changes(db):
    # Given the demo district
    call_command("seed_demo", projects=80, seed=7, verbosity=0)
    coordinator = User.objects.get(username="coordinator")
    # When the coordinator opens the baseline with its defaults (since the last scheduling meeting)
    _filters, start, end, meeting, baseline = comparison.read(coordinator, {})
    # Then it starts before the meeting and shows slips, amounts and stage moves
    assert meeting is not None and start < end
    kinds = {kind for kind, _label, count in baseline.counts if count}
    assert {Kind.DATE, Kind.INVESTMENT, Kind.PLAN} <= kinds
