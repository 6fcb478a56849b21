"""State changes of accounts: releasing a login lockout early.

django-axes keeps the failed attempts; unlocking deletes those of the account or address, so the count
starts again from zero. The record of who unlocked what goes to the security log (the attempts themselves
are gone by design); the audit log picks it up from there.
"""

import logging

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import access

security_log = logging.getLogger("tuijin.security")

KINDS = {"username": "账户", "ip_address": "地址"}


class UnlockRefused(ValueError):
    pass


def release_lockout(actor, kind: str, value: str) -> int:
    """Clear the failed logins of one account (``kind`` "username") or address ("ip_address")."""
    if not access.can_release_lockouts(actor):
        raise PermissionDenied("只有统筹协调人员可以解除登录锁定。")
    if kind not in KINDS:
        raise UnlockRefused(f"无法识别的锁定类型“{kind}”，只能解锁账户或地址。")
    if not value:
        raise UnlockRefused(f"请指明要解锁的{KINDS[kind]}。")
    with transaction.atomic():
        removed, _ = AccessAttempt.objects.filter(**{kind: value}).delete()
    security_log.warning("login lockout released: %s=%s by %s (%d attempt rows)", kind, value,
                         actor.get_username(), removed)
    return removed
