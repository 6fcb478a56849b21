"""Who is calling: a phone app with ``Authorization: Bearer <token>``, or a browser with its login session.

A bearer token, when one is sent, decides alone: a wrong or revoked token is a 401 even if the
browser also has a session. The session is checked for CSRF on unsafe methods (POST …), exactly
as the pages are; bearer requests carry no cookies and need no CSRF token.
"""

from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from tuijin.lib import context

from . import actions

NOT_LOGGED_IN = "未登录：请在请求头中提供“Authorization: Bearer <API 令牌>”，或先在浏览器中登录。"


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = actions.token_for(token.strip())
        if found is None:
            raise AuthenticationError(message="API 令牌无效：请检查令牌是否完整，或在“API 令牌”页面重新创建。")
        if found.revoked_at:
            when = timezone.localtime(found.revoked_at).strftime("%Y-%m-%d %H:%M")
            raise AuthenticationError(message=f"该 API 令牌已于 {when} 吊销，请重新创建。")
        if not found.user.is_active:
            raise AuthenticationError(message="该账号已停用，不能调用 API。")
        actions.touch(found)
        request.user = found.user
        request.api_token = found
        context.become(found.user)
        return found.user


class BrowserSessionAuth(SessionAuth):
    """Django's login session, for the pages' own scripts and the API docs; CSRF-checked on unsafe methods."""

    def __init__(self):
        super().__init__(csrf=True)

    def __call__(self, request):
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None  # not logged in: a 401, never a CSRF 403 for someone who has no session
        return super().__call__(request)

    def _get_key(self, request):
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF 校验失败：浏览器会话调用写操作须带 X-CSRFToken 请求头；手机App请使用 API 令牌。")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        request.api_token = None
        return request.user
