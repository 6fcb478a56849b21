from django.apps import AppConfig


def assigned_projects(user):
    """Projects with a node-plan node owned by the user's unit: ``projects.reach`` (read-only access)."""
    from django.db.models import Q

    from tuijin.accounts import access

    from .models import PlanNode

    unit = access.assigned_unit_of(user)
    if not unit:
        return None
    return Q(pk__in=PlanNode.objects.filter(owner_id=unit).values("plan__project_id"))


class NodePlansConfig(AppConfig):
    name = "tuijin.nodeplans"
    verbose_name = "促建流程"

    def ready(self):
        from tuijin.audit import registry
        from tuijin.projects import reach

        from .models import ExtensionRequest, NodePlan, NodeTemplate, PlanLink, PlanNode, TemplateLink, TemplateNode

        # Audited (tuijin.audit): every create, change and delete, with old and new values. NodeEvent is the
        # plan's own append-only history and is not logged again.
        for model in (NodeTemplate, TemplateNode, TemplateLink, NodePlan, PlanNode, PlanLink, ExtensionRequest):
            registry.register(model)

        # Access that follows the work: a unit owning a node opens the node's project (read-only).
        reach.register("nodeplans", assigned_projects)
