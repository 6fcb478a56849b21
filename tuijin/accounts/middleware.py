"""Session limits: logged out after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after login.

Django's sessions only know one expiry, pushed forward on every save, so a browser left open on a shared
office computer stays logged in for weeks. This middleware keeps two stamps in the session — when the user
logged in and when they were last seen — and ends the session when either limit is passed: the next page
goes to the login page with "登录已超时，请重新登录", and an htmx request gets ``HX-Redirect`` so that the
whole page goes there rather than a login form inside a table cell.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django_htmx.http import HttpResponseClientRedirect

LOGGED_IN_AT = "tuijin_logged_in_at"
LAST_SEEN_AT = "tuijin_last_seen_at"
# The last-seen stamp is rewritten at most this often, so that not every request writes the session row.
SEEN_RESOLUTION_SECONDS = 60
EXPIRED_MESSAGE = "登录已超时，请重新登录"


@receiver(user_logged_in, dispatch_uid="tuijin.accounts.session_stamps")
def stamp_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[LOGGED_IN_AT] = now
        session[LAST_SEEN_AT] = now


def expired(session, now) -> bool:
    """Whether the session has been idle too long or has lived past its absolute limit."""
    logged_in_at = session.get(LOGGED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if logged_in_at is None or last_seen_at is None:
        return False
    return (now - last_seen_at > settings.SESSION_IDLE_MINUTES * 60
            or now - logged_in_at > settings.SESSION_MAX_HOURS * 3600)


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            if expired(session, now):
                return self._expire(request)
            # A session from before these stamps existed starts its clocks now.
            session.setdefault(LOGGED_IN_AT, now)
            if now - session.get(LAST_SEEN_AT, 0) >= SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)

    def _expire(self, request):
        path = request.get_full_path()
        if getattr(request, "htmx", False):
            # The page the fragment belongs to is where the user is; come back to it after logging in.
            path = request.htmx.current_url_abs_path or "/"
        logout(request)
        messages.warning(request, EXPIRED_MESSAGE)
        response = redirect_to_login(path, settings.LOGIN_URL)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(response.url)
        return response
