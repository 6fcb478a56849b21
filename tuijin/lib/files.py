"""Uploaded files served through a view that has checked the user may see their record — never under MEDIA_URL.

Uploads (problem attachments, report photos) live under MEDIA_ROOT, which no URL serves: a public /media/
address would hand a park's site photos to anyone who guessed it. Each app's view first finds the record
through its access helper (404 outside the user's scope), then calls ``serve``. The content type is read from
the file's first bytes, not trusted from its name or the upload, and the browser is told not to guess
(``nosniff``): a file that is not what it claims is sent as an opaque download.
"""

import mimetypes
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Office formats (.doc, .xls)
OPAQUE = "application/octet-stream"
# A content type by the file's first bytes; a ZIP or OLE container takes its Office type from the name.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
CONTAINERS = {ZIP: {".docx", ".xlsx", ".zip"}, OLE: {".doc", ".xls"}}
INLINE = {"image/jpeg", "image/png", "image/webp"}  # may be shown in the browser; anything else is downloaded


def sniff(head: bytes, name: str) -> str:
    """The content type the bytes ``head`` (at least 16) show, or ``application/octet-stream``."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    extension = PurePath(name).suffix.lower()
    for signature, extensions in CONTAINERS.items():
        if head.startswith(signature) and extension in extensions:
            return mimetypes.types_map.get(extension) or {
                ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".zip": "application/zip"}[extension]
    return OPAQUE


def serve(field_file, filename: str | None = None, *, inline: bool = False) -> FileResponse:
    """Stream ``field_file`` (a FieldFile) with a sniffed type, as a download.

    ``inline`` shows it in the browser instead, but only when its bytes are a photo (JPEG, PNG, WebP).
    """
    name = filename or PurePath(field_file.name).name
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在或已被删除。") from None
    head = handle.read(16)
    handle.seek(0)
    content_type = sniff(head, name)
    response = FileResponse(handle, as_attachment=not (inline and content_type in INLINE), filename=name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def check_upload(upload, *, signatures: dict, allowed_label: str, max_mb: int) -> str:
    """Refuse ``upload`` unless its extension is in ``signatures``, its first bytes start with one of that
    extension's signatures, and it is neither empty nor over ``max_mb``; returns its file name.

    The one check behind every upload form (problem attachments, project documents), so the Chinese
    refusals read the same everywhere. Raises Django's ``ValidationError``.
    """
    name = PurePath(upload.name).name
    extension = PurePath(name).suffix.lower()
    if extension not in signatures:
        raise ValidationError(f"“{name}”的类型不支持，仅支持 {allowed_label}。")
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(f"“{name}”为 {upload.size / 1024 / 1024:.1f} MB，超过 {max_mb} MB 上限。")
    if upload.size == 0:
        raise ValidationError(f"“{name}”是空文件。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(signatures[extension]) or (extension == ".webp" and b"WEBP" not in head):
        raise ValidationError(f"“{name}”的内容与扩展名 {extension} 不符，请确认文件未损坏或未被改名。")
    return name
