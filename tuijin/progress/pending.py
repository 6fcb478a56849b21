"""A site photo kept across a refused save of the monthly report form, so nobody has to choose it again.

A browser cannot re-fill a file input, so when the form is refused (a future month, a figure too big, a
report already approved …) the photo that passed its own checks is stored under ``pending-uploads/``
and the form carries a random token in a hidden field. The token is honoured only in the session that
stored it (the session keeps token → file), so nobody can attach another user's upload by guessing; the
next successful save takes the file, attaches it to the report and deletes the temporary copy.
"""

import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "progress_pending_photos"
FOLDER = "pending-uploads"


def keep(request, upload) -> str:
    """Store ``upload`` for this session; returns the token the form sends back."""
    token = secrets.token_urlsafe(16)
    name = PurePath(upload.name).name[-100:] or "photo.jpg"
    upload.seek(0)
    path = default_storage.save(f"{FOLDER}/{token}{PurePath(name).suffix.lower()[:8]}", ContentFile(upload.read()))
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"path": path, "name": name}
    request.session[SESSION_KEY] = pending
    return token


def name_of(request, token) -> str | None:
    entry = request.session.get(SESSION_KEY, {}).get(token or "")
    return entry["name"] if entry else None


def take(request, token) -> ContentFile | None:
    """The stored photo as a file named as it was uploaded (None when the token is not this session's)."""
    entry = request.session.get(SESSION_KEY, {}).get(token or "")
    if not entry or not default_storage.exists(entry["path"]):
        return None
    with default_storage.open(entry["path"], "rb") as handle:
        return ContentFile(handle.read(), name=entry["name"])


def discard(request, token) -> None:
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token or "", None)
    if entry:
        default_storage.delete(entry["path"])
        request.session[SESSION_KEY] = pending
