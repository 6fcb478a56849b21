"""Request middleware that lives below every app: it only reads the request."""

from . import context


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR (a proxy in front sets it through its own config, not a header we trust)."""
    return (request.META.get("REMOTE_ADDR") or "")[:45]


class ActingMiddleware:
    """Marks everything a request changes with its user, its address and whether it came through the admin or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/"):
            source = context.Source.ADMIN
        elif path.startswith("/api/"):
            source = context.Source.API
        else:
            source = context.Source.PAGE
        user = getattr(request, "user", None)
        with context.acting(source, user if user is not None and user.is_authenticated else None,
                            client_address(request)):
            return self.get_response(request)
