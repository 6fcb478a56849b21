"""Who is told: the active users of a role, attached to given organisations or enterprises.

Every app's notifications ask here, so "who hears about it" is one query shape everywhere and an
inactive user is never told. Arguments are model instances or ids; empty ones are skipped.
"""

from .models import Role, User


def _ids(items):
    return [getattr(item, "pk", item) for item in items if item]


def active_users():
    return User.objects.filter(is_active=True)


def coordinators():
    """The bureau's coordinators (统筹协调), who assign problems and review what has no park."""
    return active_users().filter(role=Role.COORDINATOR)


def park_staff(*parks):
    return active_users().filter(role=Role.PARK_STAFF, organisation_id__in=_ids(parks))


def clerks(*departments):
    """The department clerks (部门联络员) who receive a department's messages."""
    return active_users().filter(role=Role.DEPARTMENT_CLERK, organisation_id__in=_ids(departments))


def enterprise_users(*enterprises):
    return active_users().filter(role=Role.ENTERPRISE, enterprise_id__in=_ids(enterprises))
