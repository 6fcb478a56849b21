"""Who may open and work a node plan, built on ``tuijin.accounts.access``'s primitives.

A plan is seen by whoever sees its project, and by the units that own one of its nodes (a
department handling 环评 on a project it is not 包保 for still has to open the node it owes).
Editing the plan (applying a template, sending it for approval, moving a node) is for whoever
maintains the project's master data; approving it, and deciding extensions, for the lead bureau
(coordinators). A node is worked — duration proposed, marked done, extension asked — by its owner
unit and by the plan's editors. Leaders and enterprises read.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from tuijin.accounts import access
from tuijin.projects.models import Project

from .models import PlanNode


def unit_of(user) -> int | None:
    """The organisation whose nodes ``user`` works: a department's clerk or a park's staff (else None)."""
    return access.department_of(user) or access.park_of(user)


def visible_plan_project_or_404(user, pk):
    """The project ``pk`` if ``user`` may see it or owns a node of its plan; a 404 otherwise."""
    scope = access.project_scope(user)
    unit = unit_of(user)
    if unit and not access.sees_everything(user):
        owned = PlanNode.objects.filter(owner_id=unit).values("plan__project_id")
        scope = scope | Q(pk__in=owned)
    project = (Project.objects.filter(scope).select_related("enterprise", "park", "responsible_unit")
               .filter(pk=pk).first())
    if project is None:
        raise Http404("没有这个项目")
    return project


def can_edit_plan(user, project) -> bool:
    return access.can_edit_project(user, project)


def can_approve_plan(user) -> bool:
    return access.is_coordinator(user)


def can_edit_templates(user) -> bool:
    """Flow templates are the district's reference data: the lead bureau (coordinators) keeps them."""
    return access.is_coordinator(user)


def can_work_node(user, node, project) -> bool:
    if can_edit_plan(user, project):
        return True
    unit = unit_of(user)
    return bool(unit) and node.owner_id == unit


def may_work_plan(user, project) -> bool:
    """Whether ``user`` may do anything at all on this plan (the gate before a node is looked up)."""
    if can_edit_plan(user, project):
        return True
    unit = unit_of(user)
    return bool(unit) and PlanNode.objects.filter(plan__project=project, owner_id=unit).exists()


def require(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def todo_unit_choices(user):
    """The units whose to-do list ``user`` may open: their own, or any for those who see everything."""
    from tuijin.accounts.models import Organisation, OrganisationKind

    if access.sees_everything(user):
        return Organisation.objects.filter(kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.BUREAU,
                                                     OrganisationKind.PARK])
    unit = unit_of(user)
    return Organisation.objects.filter(pk=unit) if unit else Organisation.objects.none()


def can_open_todo(user) -> bool:
    return access.sees_everything(user) or bool(unit_of(user))


def sees_every_unit(user) -> bool:
    """Leaders and coordinators pick any unit's to-do list (or all units at once)."""
    return access.sees_everything(user)
