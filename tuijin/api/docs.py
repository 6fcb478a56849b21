"""The API docs page, served entirely from this server: the intranet has no internet.

django-ninja renders Swagger UI from its own bundled static files (``ninja/static/ninja/``) only
when "ninja" is in INSTALLED_APPS, and silently falls back to a jsDelivr CDN template otherwise.
``OfflineSwagger`` never takes that fallback and turns off Swagger UI's online validator badge,
the one other place the bundle would call out to the internet.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed

from .auth import NOT_LOGGED_IN, TokenAuth


class OfflineSwagger(Swagger):
    template = "api/swagger.html"
    default_settings = {**Swagger.default_settings, "validatorUrl": None, "docExpansion": "list"}

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


def signed_in(view):
    """The docs and the schema are for people who may use the API: logged in, or holding a valid token."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_active:
            return view(request, *args, **kwargs)
        if request.headers.get("Authorization"):
            try:
                if TokenAuth()(request):
                    return view(request, *args, **kwargs)
            except Exception as refusal:  # noqa: BLE001 - an AuthenticationError carries the Chinese reason
                return JsonResponse({"detail": str(refusal)}, status=401, json_dumps_params={"ensure_ascii": False})
        if request.path.endswith(".json"):
            return JsonResponse({"detail": NOT_LOGGED_IN}, status=401, json_dumps_params={"ensure_ascii": False})
        return redirect_to_login(request.get_full_path())

    return wrapper
