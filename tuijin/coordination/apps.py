from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "tuijin.coordination"
    verbose_name = "问题协调（吹哨报到）"

    def ready(self):
        from tuijin.audit import registry

        from .models import ProblemCategory, Problem, ProblemAssignment, Attachment, Meeting

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(ProblemCategory)
        registry.register(Problem)
        registry.register(ProblemAssignment)
        registry.register(Attachment)
        registry.register(Meeting)
