from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tuijin.policies"
    verbose_name = "政策兑现"

    def ready(self):
        from tuijin.audit import registry

        from .models import Policy, Clause, ClauseVersion, AutoGrantRun, AutoGrantItem

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(Policy)
        registry.register(Clause)
        registry.register(ClauseVersion)
        registry.register(AutoGrantRun)
        registry.register(AutoGrantItem)
