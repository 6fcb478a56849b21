"""Who may see and change what — the one place these rules live.

Views and APIs never test roles themselves: list pages filter with the ``*_scope``
functions and object pages go through the ``can_*`` checks, so that a rule changed
here changes everywhere at once.
"""

from django.db.models import Q

from .models import Role

SEE_ALL = {Role.LEADER, Role.COORDINATOR}
NOTHING = Q(pk__in=[])


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def project_scope(user) -> Q:
    """The projects ``user`` may see."""
    if not _active(user):
        return NOTHING
    if user.is_superuser or user.role in SEE_ALL:
        return Q()
    if user.role == Role.PARK_STAFF and user.organisation_id:
        return Q(park_id=user.organisation_id)
    if user.role == Role.DEPARTMENT_CLERK and user.organisation_id:
        return Q(responsible_unit_id=user.organisation_id)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return NOTHING


def enterprise_scope(user) -> Q:
    """The enterprises ``user`` may see: those of their park/department, or with a project they may see."""
    from tuijin.projects.models import Project

    if not _active(user):
        return NOTHING
    if user.is_superuser or user.role in SEE_ALL:
        return Q()
    if user.role == Role.ENTERPRISE:
        return Q(pk=user.enterprise_id) if user.enterprise_id else NOTHING
    through_projects = Q(pk__in=Project.objects.filter(project_scope(user)).values("enterprise_id"))
    if user.role == Role.PARK_STAFF and user.organisation_id:
        return Q(park_id=user.organisation_id) | through_projects
    if user.role == Role.DEPARTMENT_CLERK and user.organisation_id:
        return Q(responsible_unit_id=user.organisation_id) | through_projects
    return NOTHING


def can_create_project(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in (Role.COORDINATOR, Role.PARK_STAFF))


def can_edit_project(user, project) -> bool:
    """Coordinators everywhere; park staff in their park; a department for the projects it is responsible for.

    Leaders only read, and enterprises report progress but do not change a project's master data.
    """
    if not _active(user):
        return False
    if user.is_superuser or user.role == Role.COORDINATOR:
        return True
    if user.role == Role.PARK_STAFF:
        return bool(user.organisation_id) and project.park_id == user.organisation_id
    if user.role == Role.DEPARTMENT_CLERK:
        return bool(user.organisation_id) and project.responsible_unit_id == user.organisation_id
    return False


def can_edit_enterprise(user, enterprise) -> bool:
    """Coordinators, the enterprise's park, and the enterprise itself keep its profile up to date."""
    if not _active(user):
        return False
    if user.is_superuser or user.role == Role.COORDINATOR:
        return True
    if user.role == Role.PARK_STAFF:
        return bool(user.organisation_id) and enterprise.park_id == user.organisation_id
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise.pk
    return False


def can_create_enterprise(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in (Role.COORDINATOR, Role.PARK_STAFF))


def can_report_progress(user, project) -> bool:
    """The enterprise drafts and submits its monthly reports; its 包保 official or a coordinator may do it for it."""
    if not _active(user):
        return False
    if user.is_superuser or user.role == Role.COORDINATOR:
        return True
    if user.role == Role.ENTERPRISE:
        return bool(user.enterprise_id) and project.enterprise_id == user.enterprise_id
    return project.responsible_official_id == user.pk


def can_review_progress(user, project) -> bool:
    """The park checks the reports of its projects; the bureau (coordinators) checks all."""
    if not _active(user):
        return False
    if user.is_superuser or user.role == Role.COORDINATOR:
        return True
    return user.role == Role.PARK_STAFF and bool(user.organisation_id) and project.park_id == user.organisation_id


def can_plan_investment(user, project) -> bool:
    """Yearly plans are set by whoever maintains the project's master data."""
    return can_edit_project(user, project)


def visible_project_or_404(user, pk):
    """The project ``pk`` if ``user`` may see it; a 404 otherwise, so that its existence does not leak."""
    from django.shortcuts import get_object_or_404

    from tuijin.projects.models import Project

    return get_object_or_404(
        Project.objects.visible_to(user).select_related("enterprise", "park", "responsible_unit",
                                                        "responsible_official"),
        pk=pk,
    )
