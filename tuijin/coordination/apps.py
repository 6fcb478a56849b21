from django.apps import AppConfig


def assigned_projects(user):
    """Projects of the problems and action items the user's unit is or was given (lead or co): ``projects.reach``."""
    from django.db.models import Q

    from tuijin.accounts import access

    from .models import ProblemAssignment

    unit = access.assigned_unit_of(user)
    if not unit:
        return None
    return Q(pk__in=ProblemAssignment.objects.filter(department_id=unit, problem__project__isnull=False)
             .values("problem__project_id"))


class CoordinationConfig(AppConfig):
    name = "tuijin.coordination"
    verbose_name = "问题协调（吹哨报到）"

    def ready(self):
        from tuijin.audit import registry
        from tuijin.projects import reach

        from .models import ProblemCategory, Problem, ProblemAssignment, Attachment, Meeting

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(ProblemCategory)
        registry.register(Problem)
        registry.register(ProblemAssignment)
        registry.register(Attachment)
        registry.register(Meeting)

        # Access that follows the work: a department given a problem opens its project (read-only).
        reach.register("coordination", assigned_projects)
