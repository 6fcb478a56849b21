"""Small request and form helpers every app's views share, so each is written once.

- :func:`form_errors` turns a bound form's errors into the one Chinese line a message shows;
- :func:`safe_redirect_target` keeps a ``next`` (or a stored link) on this site, so a crafted link
  cannot send a signed-in user to another host after an action.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def form_errors(form) -> str:
    """A form's errors as one line for a message: 字段：错误，错误；字段：错误 (form-wide errors without a label)."""
    return "；".join(f"{form.fields[name].label}：{'，'.join(errors)}" if name in form.fields else "，".join(errors)
                    for name, errors in form.errors.items())


def safe_redirect_target(request, target, fallback: str) -> str:
    """``target`` when it points at this site over the request's scheme, else ``fallback``."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback
