"""Which documents may be kept with a project (批复、许可证、合同、会议纪要 …): checked by name *and* by bytes.

A file called ``批复.pdf`` must start like a PDF, a ``.docx`` like the ZIP container it is; an executable
renamed to ``.jpg`` is refused. The size is capped by ``PROJECTS_MAX_ATTACHMENT_MB``. Serving goes through
``tuijin.lib.files.serve``, which sniffs the type again from the stored bytes.
"""


from django.conf import settings

from tuijin.lib import files

# extension -> the signatures its content may start with
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (files.ZIP,),
    ".xlsx": (files.ZIP,),
    ".zip": (files.ZIP,),
    ".doc": (files.OLE,),
    ".xls": (files.OLE,),
}
ALLOWED_LABEL = "PDF、JPG、PNG、Word（doc/docx）、Excel（xls/xlsx）、ZIP"
ACCEPT = ",".join(SIGNATURES)


def max_bytes() -> int:
    return settings.PROJECTS_MAX_ATTACHMENT_MB * 1024 * 1024


def check(upload) -> str:
    """Refuse ``upload`` unless its type is allowed, its bytes match and its size is within the cap; returns
    the content type read from its bytes."""
    name = files.check_upload(upload, signatures=SIGNATURES, allowed_label=ALLOWED_LABEL,
                              max_mb=settings.PROJECTS_MAX_ATTACHMENT_MB)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return files.sniff(head, name)
