"""Login throttling on django-axes: who is locked out, until when, and the page that tells them.

django-axes counts failed logins per account and per address (``AXES_LOCKOUT_PARAMETERS`` in settings) and
refuses a locked one before its password is checked. This module adds what the project needs around it: a
lockout shown on the login page in Chinese with the time it ends (not a bare 403/429 text), and the list of
current lockouts that a coordinator reads and clears on ``accounts:locked``.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, skipped when ``authenticate()`` gets no request.

    Every login from outside (the login page, the admin's) passes its request; only code in the same process —
    the test client's ``client.login()``, a shell — calls without one, and there is no address to count then.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_logged_in, dispatch_uid="tuijin.accounts.clear_failures_on_login")
def clear_on_login(sender, request, user, **kwargs):
    """A successful login ends the account's run of failures, wherever they came from.

    Only the account's: failures from the same address against other accounts stay counted, or a guesser with
    any valid account of their own could log into it between guesses and never be locked out.
    """
    AccessAttempt.objects.filter(username=user.get_username()).delete()


def cool_off():
    return get_cool_off()


@dataclass(frozen=True)
class Lockout:
    """A locked account (``kind`` "username") or address (``kind`` "ip_address")."""

    kind: str
    value: str
    failures: int
    last_failure: datetime

    @property
    def until(self) -> datetime:
        return self.last_failure + cool_off()

    @property
    def kind_label(self) -> str:
        return "账户" if self.kind == "username" else "地址"


def _current_attempts():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off())


def _locked(kind, **filters) -> list[Lockout]:
    rows = (_current_attempts().filter(**filters).exclude(**{f"{kind}__isnull": True})
            .values(kind).annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    return [Lockout(kind, row[kind], row["failures"], row["last"]) for row in rows if row[kind]]


def current_lockouts() -> list[Lockout]:
    """Every account and every address locked right now, the most recent first within each."""
    return _locked("username") + _locked("ip_address")


def lockouts_for(username, ip_address) -> list[Lockout]:
    """The lockouts that stop this login: of the account typed, of the address it came from, or both."""
    found = []
    if username:
        found += _locked("username", username=username)
    if ip_address:
        found += _locked("ip_address", ip_address=ip_address)
    return found


def lockout_message(lockouts: list[Lockout]) -> str:
    minutes = int(cool_off().total_seconds() // 60)
    what = "、".join(sorted({lockout.kind_label for lockout in lockouts}, reverse=True)) or "账户"
    until = max((lockout.until for lockout in lockouts), default=timezone.now() + cool_off())
    return (f"连续 {settings.AXES_FAILURE_LIMIT} 次登录失败，该{what}已被锁定 {minutes} 分钟，"
            f"请于 {timezone.localtime(until):%H:%M} 后再试；如需提前解锁，请联系统筹协调人员。")


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, status 429, with the lockout and when it ends instead of the password error."""
    username = get_client_username(request, credentials) or ""
    lockouts = lockouts_for(username, get_client_ip_address(request))
    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "accounts/login.html", {
        "form": form,
        "lockout_message": lockout_message(lockouts),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }, status=429)
