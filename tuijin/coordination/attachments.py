"""Which files may come with a problem: documents and photos, checked by name *and* by content.

A file called ``批复.pdf`` must start like a PDF; an executable renamed to ``.jpg`` is refused.
"""

import mimetypes
from pathlib import PurePath

from django.conf import settings

from tuijin.lib import files

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
    files.check_upload(upload, signatures=SIGNATURES, allowed_label=ALLOWED_LABEL,
                       max_mb=settings.COORDINATION_MAX_ATTACHMENT_MB)


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
