"""The early-warning rule 重点企业指标下滑 (key enterprises' sharp drops), kept apart from the project rules.

The other rules find projects; this one finds key enterprises, whose warnings live in
``monitoring.DropWarning`` (a ``Warning`` is one cause on one project). The rule keeps its place in
the rules page — switched on or off, its yellow/orange/red thresholds grading the size of the
fall — and the scan runs it with the others: it hands the grading to ``monitoring.actions.scan_drops``
and returns no project findings. Each indicator's own condition (降幅, 连续月数) is set in monitoring.
"""

from tuijin.monitoring import actions as monitoring

from .models import RuleKey
from .rules import RULES, grade


def key_enterprise_drop(rule, today, now):
    monitoring.scan_drops(today, lambda fall: grade(rule, fall))
    return {}


RULES[RuleKey.KEY_ENTERPRISE_DROP] = key_enterprise_drop
