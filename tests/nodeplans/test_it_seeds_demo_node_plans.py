"""The demo district's key projects carry node plans: approved, partly done, some late, one extension waiting."""

from django.core.management import call_command
from django.utils import timezone

from tuijin.nodeplans.models import ExtensionStatus, NodePlan, NodeStatus, NodeTemplate, PlanNode, PlanStatus


def test_the_demo_has_node_plans_worked_through_the_actions(db, capsys):
    # When the demo district is seeded
    call_command("seed_demo", projects=200, seed=7)
    capsys.readouterr()

    # Then the two shipped templates are there with 25–35 nodes each
    for template in NodeTemplate.objects.filter(code__in=["industrial", "government"]):
        assert 25 <= template.nodes.count() <= 35
    # And key projects have approved plans with done nodes, overdue nodes and one pending extension
    plans = NodePlan.objects.all()
    assert plans.count() >= 3
    assert set(plans.values_list("status", flat=True)) == {PlanStatus.APPROVED}
    assert PlanNode.objects.filter(status=NodeStatus.DONE).exists()
    assert PlanNode.objects.filter(status=NodeStatus.OPEN, planned_finish__lt=timezone.localdate()).exists()
    assert PlanNode.objects.filter(extensions__status=ExtensionStatus.PENDING).count() == 1
