from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "tuijin.promotion"
    verbose_name = "招商引资"

    def ready(self):
        # Lead and target importers register with the imports framework, which imports no domain app.
        from . import importers  # noqa: F401
        from tuijin.audit import registry

        from .models import IndustryChain, ChainSegment, ChainMember, TargetCompany, SegmentProject, Lead, Contract, FundArrival, Activity, Target

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(IndustryChain)
        registry.register(ChainSegment)
        registry.register(ChainMember)
        registry.register(TargetCompany)
        registry.register(SegmentProject)
        registry.register(Lead)
        registry.register(Contract)
        registry.register(FundArrival)
        registry.register(Activity)
        registry.register(Target)
