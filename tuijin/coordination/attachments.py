"""Which files may come with a problem: documents and photos, checked by name *and* by content.

A file called ``批复.pdf`` must start like a PDF; an executable renamed to ``.jpg`` is refused.
"""

import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from .models import Attachment

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Office formats (.doc, .xls)
# extension -> the signatures its content may start with
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (b"RIFF",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
}
MAX_FILES = 10
ALLOWED_LABEL = "PDF、JPG、PNG、WebP、Word（doc/docx）、Excel（xls/xlsx）"


def max_bytes():
    return settings.COORDINATION_MAX_ATTACHMENT_MB * 1024 * 1024


def check(upload):
    """Refuse ``upload`` (a Django ``UploadedFile``) unless its type is allowed and its size within the limit."""
    name = PurePath(upload.name).name
    extension = PurePath(name).suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError(f"“{name}”的类型不支持，仅支持 {ALLOWED_LABEL}。")
    if upload.size > max_bytes():
        raise ValidationError(
            f"“{name}”为 {upload.size / 1024 / 1024:.1f} MB，超过 {settings.COORDINATION_MAX_ATTACHMENT_MB} MB 上限。"
        )
    if upload.size == 0:
        raise ValidationError(f"“{name}”是空文件。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]) or (extension == ".webp" and b"WEBP" not in head):
        raise ValidationError(f"“{name}”的内容与扩展名 {extension} 不符，请确认文件未损坏或未被改名。")


def store(problem, uploads, *, actor, event, now):
    """Save checked ``uploads`` with ``problem`` (each is checked again: callers may skip the form)."""
    rows = []
    for upload in uploads:
        check(upload)
        name = PurePath(upload.name).name
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachment = Attachment(problem=problem, event=event, name=name, size=upload.size, content_type=content_type,
                                uploaded_by=actor, uploaded_at=now)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        rows.append(attachment)
    return rows
