from django.apps import AppConfig


class NodePlansConfig(AppConfig):
    name = "tuijin.nodeplans"
    verbose_name = "促建流程"

    def ready(self):
        from tuijin.audit import registry

        from .models import ExtensionRequest, NodePlan, NodeTemplate, PlanLink, PlanNode, TemplateLink, TemplateNode

        # Audited (tuijin.audit): every create, change and delete, with old and new values. NodeEvent is the
        # plan's own append-only history and is not logged again.
        for model in (NodeTemplate, TemplateNode, TemplateLink, NodePlan, PlanNode, PlanLink, ExtensionRequest):
            registry.register(model)
