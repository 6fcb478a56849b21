"""Warnings shown on pages of the lower layers (an enterprise's page), which cannot import this app.

An enterprise user is refused the battle map and the warning list (their disposal notes are the
government's), yet should know which of its projects are warned: these tags give it the level, the rule
and since when, and nothing of the disposal.
"""

from django import template

from tuijin.accounts import access
from tuijin.alerts.models import LEVEL_RANK, Warning

register = template.Library()


@register.simple_tag
def open_warnings_of(enterprise, user):
    """The active warnings of ``enterprise``'s projects that ``user`` may see, worst and newest first."""
    warnings = Warning.objects.visible_to(user).active().filter(project__enterprise=enterprise)
    rows = list(warnings.select_related("project").order_by("-first_raised_at", "pk"))
    return sorted(rows, key=lambda warning: -LEVEL_RANK[warning.level])


@register.simple_tag
def may_see_battle_map(user):
    return access.can_see_battle_map(user)
