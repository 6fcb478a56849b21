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


def _coordinator(user) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.COORDINATOR)


def _sees_everything(user) -> bool:
    """Leaders, coordinators and superusers: every project, enterprise and department."""
    return _active(user) and (user.is_superuser or user.role in SEE_ALL)


def can_see_audit(user) -> bool:
    """The audit log (/audit/ and its admin view): coordinators and superusers only."""
    return _coordinator(user)


def project_scope(user) -> Q:
    """The projects ``user`` may see."""
    if not _active(user):
        return NOTHING
    if _sees_everything(user):
        return Q()
    if user.role == Role.PARK_STAFF and user.organisation_id:
        return Q(park_id=user.organisation_id)
    if user.role == Role.DEPARTMENT_CLERK and user.organisation_id:
        return Q(responsible_unit_id=user.organisation_id)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return NOTHING


def project_scope_parks(user) -> dict | None:
    """``project_scope`` as a filter on the park, for figures kept per park (the dashboard's cells).

    ``{}`` for every project, ``{"park_id": n}`` for a park's staff, None when the scope is not
    a set of parks (a department's assigned projects, an enterprise's own): those are counted live.
    """
    if not _active(user):
        return None
    if _sees_everything(user):
        return {}
    if user.role == Role.PARK_STAFF and user.organisation_id:
        return {"park_id": user.organisation_id}
    return None


def enterprise_scope(user) -> Q:
    """The enterprises ``user`` may see: those of their park/department, or with a project they may see."""
    from tuijin.projects.models import Project

    if not _active(user):
        return NOTHING
    if _sees_everything(user):
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
    if _coordinator(user):
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
    if _coordinator(user):
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
    if _coordinator(user):
        return True
    if user.role == Role.ENTERPRISE:
        return bool(user.enterprise_id) and project.enterprise_id == user.enterprise_id
    return project.responsible_official_id == user.pk


def can_review_progress(user, project) -> bool:
    """The park checks the reports of its projects; the bureau (coordinators) checks all."""
    if not _active(user):
        return False
    if _coordinator(user):
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


# ------------------------------------------------------------------ 吹哨报到 (tuijin.coordination)


def _official_of(user, problem):
    """Is ``user`` the 包保 leader of the problem's project or enterprise?"""
    project, enterprise = problem.project, problem.enterprise
    return bool(
        (project is not None and project.responsible_official_id == user.pk)
        or (enterprise is not None and enterprise.responsible_official_id == user.pk)
    )


def problem_scope(user) -> Q:
    """The problems and action items ``user`` may see.

    Leaders and coordinators see all; an enterprise sees the problems of its own enterprise and
    projects (not the government's internal action items); a department sees what it is or was
    assigned, as lead or co-department; park staff see their park's; a 包保 official sees those
    of the projects and enterprises they are responsible for; everyone sees what they filed.
    """
    from tuijin.coordination.models import ProblemAssignment, ProblemKind

    if not _active(user):
        return NOTHING
    if _sees_everything(user):
        return Q()
    if user.role == Role.ENTERPRISE:
        if not user.enterprise_id:
            return NOTHING
        own = Q(enterprise_id=user.enterprise_id) | Q(project__enterprise_id=user.enterprise_id)
        return own & Q(kind=ProblemKind.PROBLEM)
    scope = Q(filed_by=user) | Q(project__responsible_official=user) | Q(enterprise__responsible_official=user)
    if user.role == Role.DEPARTMENT_CLERK and user.organisation_id:
        assigned = ProblemAssignment.objects.filter(department_id=user.organisation_id).values("problem_id")
        scope |= Q(pk__in=assigned)
    if user.role == Role.PARK_STAFF and user.organisation_id:
        scope |= Q(project__park_id=user.organisation_id) | Q(enterprise__park_id=user.organisation_id)
    return scope


def visible_problem_or_404(user, pk):
    """The problem ``pk`` if ``user`` may see it; a 404 otherwise, so that its existence does not leak."""
    from django.shortcuts import get_object_or_404

    from tuijin.coordination.models import Problem

    return get_object_or_404(
        Problem.objects.visible_to(user).select_related(
            "category", "project", "project__responsible_official", "enterprise", "enterprise__responsible_official",
            "lead_department", "filed_by", "meeting",
        ),
        pk=pk,
    )


def can_file_problem(user, *, project=None, enterprise=None) -> bool:
    """吹哨: an enterprise for itself and its projects, a 包保 official or park for theirs, coordinators for all."""
    if not _active(user):
        return False
    if _coordinator(user):
        return True
    target = project or enterprise
    if target is None:
        return False
    owner_id = project.enterprise_id if project is not None else enterprise.pk
    if user.role == Role.ENTERPRISE:
        return bool(user.enterprise_id) and owner_id == user.enterprise_id
    if user.role == Role.PARK_STAFF and user.organisation_id and target.park_id == user.organisation_id:
        return True
    return target.responsible_official_id == user.pk


def may_file_problems(user) -> bool:
    """Whether to offer the 吹哨 button at all (the form then lists only what ``user`` may file for)."""
    return _active(user) and user.role != Role.LEADER


def can_assign_problem(user) -> bool:
    """Coordinators (发改/投促) pick the lead department, co-departments and the deadline; they also escalate."""
    return _coordinator(user)


def can_act_as_lead(user, problem) -> bool:
    """报到, work, reply or hand back: the clerks of the problem's current lead department."""
    return (_active(user) and user.role == Role.DEPARTMENT_CLERK and bool(user.organisation_id)
            and problem.lead_department_id == user.organisation_id)


def can_confirm_problem(user, problem) -> bool:
    """Confirm and rate, or reopen: the filer (or a colleague at the same enterprise); coordinators for action items."""
    from tuijin.coordination.models import ProblemKind

    if not _active(user):
        return False
    if problem.kind == ProblemKind.ACTION_ITEM:
        return _coordinator(user)
    if problem.filed_by_id == user.pk:
        return True
    filer = problem.filed_by
    return (user.role == Role.ENTERPRISE and bool(user.enterprise_id) and filer is not None
            and filer.role == Role.ENTERPRISE and filer.enterprise_id == user.enterprise_id)


def can_direct_problem(user, problem) -> bool:
    """批示 on an escalated problem: its 包保 leader, any district leader, or a coordinator."""
    if not _active(user):
        return False
    if _sees_everything(user):
        return True
    return _official_of(user, problem)


def can_see_meetings(user) -> bool:
    return _sees_everything(user)


def can_manage_meetings(user) -> bool:
    """Coordinators keep the minutes and turn decisions into action items."""
    return _coordinator(user)


def scorecard_departments(user) -> Q:
    """The departments whose scorecards ``user`` may read: all for leaders and coordinators, a clerk's own."""
    if not _active(user):
        return NOTHING
    if _sees_everything(user):
        return Q()
    if user.role == Role.DEPARTMENT_CLERK and user.organisation_id:
        return Q(pk=user.organisation_id)
    return NOTHING


# ------------------------------------------------------------------ investment promotion (招商引资)

def can_view_promotion(user) -> bool:
    """投促局 and the other coordinators, district leaders, and park staff (for their park's pipeline).

    Line departments and enterprises have no part in courting investors: the pages refuse them (403).
    """
    if not _active(user):
        return False
    if _sees_everything(user):
        return True
    return user.role == Role.PARK_STAFF and bool(user.organisation_id)


def lead_scope(user) -> Q:
    """The leads ``user`` may see: all for coordinators and leaders, those of their park for park staff."""
    if not can_view_promotion(user):
        return NOTHING
    if _sees_everything(user):
        return Q()
    return Q(park_id=user.organisation_id)


def activity_scope(user) -> Q:
    """Activities their park organised or that concern one of its leads, for park staff; all for the bureau."""
    if not can_view_promotion(user):
        return NOTHING
    if _sees_everything(user):
        return Q()
    return Q(unit_id=user.organisation_id) | Q(leads__park_id=user.organisation_id)


def can_work_leads(user) -> bool:
    """Register leads and log activities: coordinators, and park staff for their park. Leaders only read."""
    return can_view_promotion(user) and (user.is_superuser or user.role in (Role.COORDINATOR, Role.PARK_STAFF))


def can_edit_lead(user, lead) -> bool:
    if not can_work_leads(user):
        return False
    if _coordinator(user):
        return True
    return lead.park_id == user.organisation_id


def can_manage_promotion(user) -> bool:
    """Chains, targets and target imports belong to the bureau (coordinators)."""
    return _coordinator(user)


def can_record_funds(user, project) -> bool:
    """Contracts and monthly fund arrival of a project: the bureau, or the park the project is in."""
    if not can_work_leads(user):
        return False
    if _coordinator(user):
        return True
    return project.park_id == user.organisation_id


def promotion_unit_for(user):
    """The unit whose figures a user is limited to: their park for park staff, None (free choice) otherwise."""
    if _active(user) and not user.is_superuser and user.role == Role.PARK_STAFF:
        return user.organisation
    return None


def visible_lead_or_404(user, pk):
    """The lead ``pk`` if ``user`` may see it; a 404 otherwise, so that its existence does not leak."""
    from django.shortcuts import get_object_or_404

    from tuijin.promotion.models import Lead

    return get_object_or_404(
        Lead.objects.visible_to(user).select_related("chain", "segment", "park", "unit", "owner", "industry",
                                                     "enterprise", "project", "target_company"),
        pk=pk,
    )


def can_see_scorecards(user) -> bool:
    return _sees_everything(user) or (_active(user) and user.role == Role.DEPARTMENT_CLERK
                                      and bool(user.organisation_id))


# ------------------------------------------------------------ enterprise service and policies (政策兑现)


def can_record_service(user, enterprise) -> bool:
    """Who serves the enterprise records visits and answers its needs: coordinators, its park, its 包保."""
    if not _active(user):
        return False
    if _coordinator(user):
        return True
    if user.role == Role.PARK_STAFF:
        return bool(user.organisation_id) and enterprise.park_id == user.organisation_id
    if user.role == Role.DEPARTMENT_CLERK:
        return bool(user.organisation_id) and enterprise.responsible_unit_id == user.organisation_id
    return enterprise.responsible_official_id == user.pk


def can_raise_need(user, enterprise) -> bool:
    """The enterprise raises its own needs; whoever serves it may record one it raised in person."""
    if _active(user) and user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise.pk
    return can_record_service(user, enterprise)


def can_edit_qualifications(user, enterprise) -> bool:
    """Certificates are checked by the bureau or the park, not declared by the enterprise itself."""
    if not _active(user):
        return False
    if _coordinator(user):
        return True
    return user.role == Role.PARK_STAFF and bool(user.organisation_id) and enterprise.park_id == user.organisation_id


def can_manage_policies(user) -> bool:
    """The policy library and its rules are kept by the coordinating bureaus."""
    return _coordinator(user)


def can_run_auto_grants(user) -> bool:
    """免申即享 runs are computed, reviewed and published by the coordinating bureaus."""
    return can_manage_policies(user)


def can_see_auto_grants(user) -> bool:
    """A run lists enterprises of every park, so only those who see everything may read it."""
    return _sees_everything(user)


def can_see_growth_lists(user) -> bool:
    """Growth candidate lists are the bureaus' and parks' working lists (filtered by enterprise scope)."""
    return _active(user) and user.role != Role.ENTERPRISE


# ------------------------------------------------------------ 跟踪预警与挂图作战 (tuijin.alerts)


def can_see_battle_map(user) -> bool:
    """The dashboard, map, timeline and big screen: everyone who works on projects, not enterprises.

    What they show is limited to ``project_scope`` (a park its park, a department its 包保 projects).
    """
    return _active(user) and (user.is_superuser or user.role in (
        Role.LEADER, Role.COORDINATOR, Role.PARK_STAFF, Role.DEPARTMENT_CLERK))


def can_configure_warnings(user) -> bool:
    """The warning rules' switches and thresholds belong to the coordinating bureaus."""
    return _coordinator(user)


def can_dispose_warning(user, warning) -> bool:
    """签收、记录、处置完毕: whoever maintains the project (coordinators, its park, its 包保单位). Leaders only read."""
    return can_edit_project(user, warning.project)


def visible_warning_or_404(user, pk):
    """The warning ``pk`` if ``user`` may see its project; a 404 otherwise."""
    from django.shortcuts import get_object_or_404

    from tuijin.alerts.models import Warning

    return get_object_or_404(
        Warning.objects.visible_to(user).select_related("project", "project__park", "project__responsible_unit"),
        pk=pk,
    )
