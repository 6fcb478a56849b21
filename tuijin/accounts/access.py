"""Who may see and change what — the one place where a user's role is looked at.

Views, forms and APIs never test roles themselves: list pages filter with the ``*_scope``
functions and object pages go through the ``can_*`` checks, so that a rule changed here changes
everywhere at once. This module sits just above ``lib`` in the layers and imports no domain app:
the rules read the attributes of the objects they are given (``project.park_id``), and each
domain app builds its ``visible_to`` managers and ``visible_*_or_404`` helpers (its own
``access.py``) from the scope primitives here (``park_of``, ``department_of``, ``enterprise_of``,
``sees_everything``).
"""

from django.db.models import Q

from .models import Role

SEE_ALL = {Role.LEADER, Role.COORDINATOR}
NOTHING = Q(pk__in=[])
# Who may be named a project's or lead's 包保/负责 official (enterprise staff never are).
OFFICIAL_ROLES = [Role.LEADER, Role.COORDINATOR, Role.DEPARTMENT_CLERK, Role.PARK_STAFF]
LEAD_OWNER_ROLES = [Role.COORDINATOR, Role.PARK_STAFF, Role.LEADER]


def is_active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_coordinator(user) -> bool:
    """统筹协调 (发改/投促) and superusers: may change everything and use the admin."""
    return is_active(user) and (user.is_superuser or user.role == Role.COORDINATOR)


def sees_everything(user) -> bool:
    """Leaders, coordinators and superusers: every project, enterprise and department."""
    return is_active(user) and (user.is_superuser or user.role in SEE_ALL)


def can_see_audit(user) -> bool:
    """The audit log (/audit/ and its admin view): coordinators and superusers only."""
    return is_coordinator(user)


def park_of(user) -> int | None:
    """The park a park staff member works for (None for every other role)."""
    if is_active(user) and not user.is_superuser and user.role == Role.PARK_STAFF and user.organisation_id:
        return user.organisation_id
    return None


def department_of(user) -> int | None:
    """The department a department clerk works for (None for every other role)."""
    if is_active(user) and not user.is_superuser and user.role == Role.DEPARTMENT_CLERK and user.organisation_id:
        return user.organisation_id
    return None


def enterprise_of(user) -> int | None:
    """The enterprise an enterprise user belongs to (None for government staff)."""
    if is_active(user) and not user.is_superuser and user.role == Role.ENTERPRISE and user.enterprise_id:
        return user.enterprise_id
    return None


def assigned_unit_of(user) -> int | None:
    """The unit work is handed to for ``user`` (a department clerk's department, a park's staff's park):
    problems, action items and node-plan nodes assigned to it open their projects (``projects.reach``)."""
    if is_active(user) and not user.is_superuser and user.organisation_id and user.role in (
            Role.DEPARTMENT_CLERK, Role.PARK_STAFF):
        return user.organisation_id
    return None


def is_enterprise_user(user) -> bool:
    return is_active(user) and not user.is_superuser and user.role == Role.ENTERPRISE


def is_park_staff(user) -> bool:
    return is_active(user) and not user.is_superuser and user.role == Role.PARK_STAFF


def official_choices() -> Q:
    """The users who may be named 包保 officials (a filter on users)."""
    return Q(role__in=OFFICIAL_ROLES, is_active=True)


def lead_owner_choices(user=None) -> Q:
    """The users who may own a lead; park staff choose among their park's colleagues."""
    q = Q(role__in=LEAD_OWNER_ROLES, is_active=True)
    if is_park_staff(user):
        q &= Q(organisation_id=user.organisation_id)
    return q


def project_scope(user, *, via: str = "") -> Q:
    """The projects ``user`` may see; ``via`` prefixes the lookups for a relation that leads to projects."""
    prefix = f"{via}__" if via else ""
    if not is_active(user):
        return NOTHING
    if sees_everything(user):
        return Q()
    if park_of(user):
        return Q(**{f"{prefix}park_id": park_of(user)})
    if department_of(user):
        return Q(**{f"{prefix}responsible_unit_id": department_of(user)})
    if enterprise_of(user):
        return Q(**{f"{prefix}enterprise_id": enterprise_of(user)})
    return NOTHING


def project_scope_parks(user) -> dict | None:
    """``project_scope`` as a filter on the park, for figures kept per park (the dashboard's cells).

    ``{}`` for every project, ``{"park_id": n}`` for a park's staff, None when the scope is not
    a set of parks (a department's assigned projects, an enterprise's own): those are counted live.
    """
    if not is_active(user):
        return None
    if sees_everything(user):
        return {}
    if park_of(user):
        return {"park_id": park_of(user)}
    return None


def enterprise_scope(user) -> Q:
    """The enterprises ``user`` may see: those of their park/department, or with a project they may see.

    The project half goes through the enterprise's ``projects`` relation, so the manager applying it
    (``Enterprise.objects.visible_to``) wraps it in a subquery to keep one row per enterprise.
    """
    if not is_active(user):
        return NOTHING
    if sees_everything(user):
        return Q()
    if is_enterprise_user(user):
        return Q(pk=user.enterprise_id) if user.enterprise_id else NOTHING
    through_projects = project_scope(user, via="projects")
    if park_of(user):
        return Q(park_id=park_of(user)) | through_projects
    if department_of(user):
        return Q(responsible_unit_id=department_of(user)) | through_projects
    return NOTHING


def can_create_project(user) -> bool:
    return is_active(user) and (user.is_superuser or user.role in (Role.COORDINATOR, Role.PARK_STAFF))


def can_edit_project(user, project) -> bool:
    """Coordinators everywhere; park staff in their park; a department for the projects it is responsible for.

    Leaders only read, and enterprises report progress but do not change a project's master data.
    """
    if not is_active(user):
        return False
    if is_coordinator(user):
        return True
    if user.role == Role.PARK_STAFF:
        return bool(user.organisation_id) and project.park_id == user.organisation_id
    if user.role == Role.DEPARTMENT_CLERK:
        return bool(user.organisation_id) and project.responsible_unit_id == user.organisation_id
    return False


def can_edit_enterprise(user, enterprise) -> bool:
    """Coordinators, the enterprise's park, and the enterprise itself keep its profile up to date."""
    if not is_active(user):
        return False
    if is_coordinator(user):
        return True
    if user.role == Role.PARK_STAFF:
        return bool(user.organisation_id) and enterprise.park_id == user.organisation_id
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise.pk
    return False


def can_create_enterprise(user) -> bool:
    return is_active(user) and (user.is_superuser or user.role in (Role.COORDINATOR, Role.PARK_STAFF))


def can_report_progress(user, project) -> bool:
    """The enterprise drafts and submits its monthly reports; its 包保 official or a coordinator may do it for it.

    District leaders only read, even for the projects they are 包保 for: a leader's name on a draft would
    read as the leader vouching for the figures.
    """
    if not is_active(user):
        return False
    if is_coordinator(user):
        return True
    if user.role == Role.LEADER:
        return False
    if user.role == Role.ENTERPRISE:
        return bool(user.enterprise_id) and project.enterprise_id == user.enterprise_id
    return project.responsible_official_id == user.pk


def can_review_progress(user, project) -> bool:
    """The park checks the reports of its projects; the bureau (coordinators) checks all."""
    if not is_active(user):
        return False
    if is_coordinator(user):
        return True
    return user.role == Role.PARK_STAFF and bool(user.organisation_id) and project.park_id == user.organisation_id


def may_review_reports(user) -> bool:
    """Whether ``user`` reviews monthly reports at all (the bulk review page); each report is then checked."""
    return is_active(user) and (is_coordinator(user) or (user.role == Role.PARK_STAFF and bool(user.organisation_id)))


def can_plan_investment(user, project) -> bool:
    """Yearly plans are set by whoever maintains the project's master data."""
    return can_edit_project(user, project)


# ------------------------------------------------------------ 待办 (the workbench's duties, as filters)
# Each is the matching ``can_*`` rule written as a filter, narrowed to the person the work waits on first
# (a coordinator may do everything, but their to-do list holds what no park or department will pick up).


def review_duty(user, *, via: str = "") -> Q:
    """Projects whose submitted monthly reports wait for ``user`` (``can_review_progress``): a park its park's;
    the bureau those of projects in no park."""
    prefix = f"{via}__" if via else ""
    if park_of(user):
        return Q(**{f"{prefix}park_id": park_of(user)})
    if is_coordinator(user):
        return Q(**{f"{prefix}park__isnull": True})
    return NOTHING


def report_duty(user, *, via: str = "") -> Q:
    """Projects whose returned reports wait for ``user`` to fix (``can_report_progress``, leaders never):
    the enterprise's own, and those a government official is 包保 for."""
    prefix = f"{via}__" if via else ""
    if not is_active(user) or user.role == Role.LEADER:
        return NOTHING
    if enterprise_of(user):
        return Q(**{f"{prefix}enterprise_id": enterprise_of(user)})
    if is_enterprise_user(user):
        return NOTHING
    return Q(**{f"{prefix}responsible_official_id": user.pk})


def upkeep_duty(user, *, via: str = "") -> Q:
    """Projects whose upkeep (yearly plan, warnings to dispose) waits for ``user`` (``can_edit_project``):
    a department its 包保 projects, a park its park's, the bureau those with neither."""
    prefix = f"{via}__" if via else ""
    if department_of(user):
        return Q(**{f"{prefix}responsible_unit_id": department_of(user)})
    if park_of(user):
        return Q(**{f"{prefix}park_id": park_of(user)})
    if is_coordinator(user):
        return Q(**{f"{prefix}park__isnull": True, f"{prefix}responsible_unit__isnull": True})
    return NOTHING


def confirm_duty(user) -> Q:
    """Problems whose reply waits for ``user`` to confirm (``can_confirm_problem`` for filed problems):
    what they filed, and for an enterprise what a colleague filed. Action items are added by the caller."""
    if not is_active(user):
        return NOTHING
    mine = Q(filed_by_id=user.pk)
    if enterprise_of(user):
        mine |= Q(filed_by__role=Role.ENTERPRISE, filed_by__enterprise_id=enterprise_of(user))
    return mine




# ------------------------------------------------------------------ 吹哨报到 (tuijin.coordination)


def _official_of(user, problem):
    """Is ``user`` the 包保 leader of the problem's project or enterprise?"""
    project, enterprise = problem.project, problem.enterprise
    return bool(
        (project is not None and project.responsible_official_id == user.pk)
        or (enterprise is not None and enterprise.responsible_official_id == user.pk)
    )






def can_file_problem(user, *, project=None, enterprise=None) -> bool:
    """吹哨: an enterprise for itself and its projects, a 包保 official or park for theirs, coordinators for all."""
    if not is_active(user):
        return False
    if is_coordinator(user):
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
    return is_active(user) and user.role != Role.LEADER


def can_assign_problem(user) -> bool:
    """Coordinators (发改/投促) pick the lead department, co-departments and the deadline; they also escalate."""
    return is_coordinator(user)


def can_act_as_lead(user, problem) -> bool:
    """报到, work, reply or hand back: the clerks of the problem's current lead department."""
    return (is_active(user) and user.role == Role.DEPARTMENT_CLERK and bool(user.organisation_id)
            and problem.lead_department_id == user.organisation_id)


def can_confirm_problem(user, problem) -> bool:
    """Confirm and rate, or reopen: the filer (or a colleague at the same enterprise); coordinators for action items."""
    if not is_active(user):
        return False
    if problem.is_action_item:
        return is_coordinator(user)
    if problem.filed_by_id == user.pk:
        return True
    filer = problem.filed_by
    return (user.role == Role.ENTERPRISE and bool(user.enterprise_id) and filer is not None
            and filer.role == Role.ENTERPRISE and filer.enterprise_id == user.enterprise_id)


def can_direct_problem(user, problem) -> bool:
    """批示 on an escalated problem: its 包保 leader, any district leader, or a coordinator."""
    if not is_active(user):
        return False
    if sees_everything(user):
        return True
    return _official_of(user, problem)


def can_see_meetings(user) -> bool:
    return sees_everything(user)


def can_manage_meetings(user) -> bool:
    """Coordinators keep the minutes and turn decisions into action items."""
    return is_coordinator(user)


def scorecard_departments(user) -> Q:
    """The departments whose scorecards ``user`` may read: all for leaders and coordinators, a clerk's own."""
    if not is_active(user):
        return NOTHING
    if sees_everything(user):
        return Q()
    if user.role == Role.DEPARTMENT_CLERK and user.organisation_id:
        return Q(pk=user.organisation_id)
    return NOTHING


# ------------------------------------------------------------------ investment promotion (招商引资)

def can_view_promotion(user) -> bool:
    """投促局 and the other coordinators, district leaders, and park staff (for their park's pipeline).

    Line departments and enterprises have no part in courting investors: the pages refuse them (403).
    """
    if not is_active(user):
        return False
    if sees_everything(user):
        return True
    return user.role == Role.PARK_STAFF and bool(user.organisation_id)


def lead_scope(user) -> Q:
    """The leads ``user`` may see: all for coordinators and leaders, those of their park for park staff."""
    if not can_view_promotion(user):
        return NOTHING
    if sees_everything(user):
        return Q()
    return Q(park_id=user.organisation_id)


def activity_scope(user) -> Q:
    """Activities their park organised or that concern one of its leads, for park staff; all for the bureau."""
    if not can_view_promotion(user):
        return NOTHING
    if sees_everything(user):
        return Q()
    return Q(unit_id=user.organisation_id) | Q(leads__park_id=user.organisation_id)


def can_work_leads(user) -> bool:
    """Register leads and log activities: coordinators, and park staff for their park. Leaders only read."""
    return can_view_promotion(user) and (user.is_superuser or user.role in (Role.COORDINATOR, Role.PARK_STAFF))


def can_edit_lead(user, lead) -> bool:
    if not can_work_leads(user):
        return False
    if is_coordinator(user):
        return True
    return lead.park_id == user.organisation_id


def can_manage_promotion(user) -> bool:
    """Chains, targets and target imports belong to the bureau (coordinators)."""
    return is_coordinator(user)


def can_record_funds(user, project) -> bool:
    """Contracts and monthly fund arrival of a project: the bureau, or the park the project is in."""
    if not can_work_leads(user):
        return False
    if is_coordinator(user):
        return True
    return project.park_id == user.organisation_id


def promotion_unit_for(user):
    """The unit whose figures a user is limited to: their park for park staff, None (free choice) otherwise."""
    if is_active(user) and not user.is_superuser and user.role == Role.PARK_STAFF:
        return user.organisation
    return None




def can_see_scorecards(user) -> bool:
    return sees_everything(user) or (is_active(user) and user.role == Role.DEPARTMENT_CLERK
                                      and bool(user.organisation_id))


# ------------------------------------------------------------ enterprise service and policies (政策兑现)


def can_record_service(user, enterprise) -> bool:
    """Who serves the enterprise records visits and answers its needs: coordinators, its park, its 包保.

    District leaders only read, also for the enterprises they are 包保 for: the park or the bureau records
    the visit and answers the need (the leader is told of it and directs through 批示 on problems).
    """
    if not is_active(user):
        return False
    if is_coordinator(user):
        return True
    if user.role == Role.LEADER:
        return False
    if user.role == Role.PARK_STAFF:
        return bool(user.organisation_id) and enterprise.park_id == user.organisation_id
    if user.role == Role.DEPARTMENT_CLERK:
        return bool(user.organisation_id) and enterprise.responsible_unit_id == user.organisation_id
    return enterprise.responsible_official_id == user.pk


def can_raise_need(user, enterprise) -> bool:
    """The enterprise raises its own needs; whoever serves it may record one it raised in person.

    Leaders only read: they record nothing, as ``can_record_service`` says.
    """
    if not is_active(user):
        return False
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise.pk
    return can_record_service(user, enterprise)


def can_edit_qualifications(user, enterprise) -> bool:
    """Certificates are checked by the bureau or the park, not declared by the enterprise itself."""
    if not is_active(user):
        return False
    if is_coordinator(user):
        return True
    return user.role == Role.PARK_STAFF and bool(user.organisation_id) and enterprise.park_id == user.organisation_id


def can_manage_policies(user) -> bool:
    """The policy library and its rules are kept by the coordinating bureaus."""
    return is_coordinator(user)


def can_run_auto_grants(user) -> bool:
    """免申即享 runs are computed, reviewed and published by the coordinating bureaus."""
    return can_manage_policies(user)


def can_see_auto_grants(user) -> bool:
    """A run lists enterprises of every park, so only those who see everything may read it."""
    return sees_everything(user)


def can_see_growth_lists(user) -> bool:
    """Growth candidate lists are the bureaus' and parks' working lists (filtered by enterprise scope)."""
    return is_active(user) and user.role != Role.ENTERPRISE


# ------------------------------------------------------------ 跟踪预警与挂图作战 (tuijin.alerts)


def can_see_battle_map(user) -> bool:
    """The dashboard, map, timeline and big screen: everyone who works on projects, not enterprises.

    What they show is limited to ``project_scope`` (a park its park, a department its 包保 projects).
    """
    return is_active(user) and (user.is_superuser or user.role in (
        Role.LEADER, Role.COORDINATOR, Role.PARK_STAFF, Role.DEPARTMENT_CLERK))


def can_configure_warnings(user) -> bool:
    """The warning rules' switches and thresholds belong to the coordinating bureaus."""
    return is_coordinator(user)


def can_dispose_warning(user, warning) -> bool:
    """签收、记录、处置完毕: whoever maintains the project (coordinators, its park, its 包保单位). Leaders only read."""
    return can_edit_project(user, warning.project)


def may_dispose_warnings(user) -> bool:
    """Whether to offer 签收 on the warning list at all; each warning is then checked by ``can_dispose_warning``."""
    return is_active(user) and (is_coordinator(user) or (
        user.role in (Role.PARK_STAFF, Role.DEPARTMENT_CLERK) and bool(user.organisation_id)))


def can_release_lockouts(user) -> bool:
    """Coordinators (and superusers) see who is locked out of logging in and unlock them early."""
    return is_coordinator(user)
