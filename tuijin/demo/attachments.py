"""Demo documents kept with projects (批复、许可证、合同、会议纪要): small PDFs and a PNG generated here.

The files are written through ``projects.actions.add_attachment`` — checked by their bytes like any upload,
stored under MEDIA_ROOT and logged on each project's history — so the demo shows the real path.
"""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from tuijin.accounts.models import Role, User
from tuijin.projects import actions
from tuijin.projects.models import AttachmentKind, Project, Stage

# (kind, title, number, file name) filed with each of the first key projects that has started
DOCUMENTS = [
    (AttachmentKind.APPROVAL, "项目备案通知书", "川投资备〔2026〕{n}号", "beian.pdf"),
    (AttachmentKind.PERMIT, "建筑工程施工许可证", "510115202603{n}", "shigong-xuke.pdf"),
    (AttachmentKind.CONTRACT, "投资协议（正式签约版）", "JJXQ-TZ-2025-{n}", "touzi-xieyi.pdf"),
    (AttachmentKind.MINUTES, "重大项目调度会会议纪要", "锦江新区纪要〔2026〕{n}号", "diaodu-jiyao.pdf"),
    (AttachmentKind.OTHER, "施工现场照片", "", "xianchang.png"),
]


def pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png(width: int = 64, height: int = 40, rgb=(46, 110, 170)) -> bytes:
    """A plain-coloured PNG (a stand-in for a site photo)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def seed_attachments(*, projects: int = 4) -> int:
    """Documents on the first ``projects`` projects under construction (the demo enterprise's first); the count."""
    actor = User.objects.filter(role=Role.COORDINATOR, is_superuser=False).order_by("pk").first()
    if actor is None:
        return 0
    enterprise_user = User.objects.filter(username="enterprise", role=Role.ENTERPRISE).first()
    started = Project.objects.filter(stage=Stage.CONSTRUCTION).order_by("pk")
    chosen = list(started.filter(enterprise_id=getattr(enterprise_user, "enterprise_id", None))[:1])
    chosen += [p for p in started[: projects + 1] if p not in chosen][: projects - len(chosen)]
    count = 0
    for index, project in enumerate(chosen, start=1):
        for kind, title, number, filename in DOCUMENTS[: 5 if index == 1 else 3]:
            content = png() if filename.endswith(".png") else pdf(f"{project.code} {filename[:-4]}")
            actions.add_attachment(project, actor=actor, upload=SimpleUploadedFile(filename, content), kind=kind,
                                   title=title, document_no=number.format(n=10 + index),
                                   document_date=project.actual_start_date or project.planned_start_date)
            count += 1
    return count
