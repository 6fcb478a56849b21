"""Word → PDF through LibreOffice headless, the way the bureau's own machines would print it.

Each conversion gets its own LibreOffice profile (``-env:UserInstallation``) in a temporary folder:
two conversions sharing the default profile lock each other out, and a profile left by a crash would
stop the next one. LibreOffice embeds the fonts it uses; Chinese text comes out in Noto CJK (fonts-noto-cjk).
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT = 180  # seconds; a cold LibreOffice start takes a few


class PdfFailed(Exception):
    """LibreOffice did not produce a PDF; the message says so in Chinese."""


def soffice() -> str:
    found = getattr(settings, "BRIEFINGS_SOFFICE", "") or shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfFailed("服务器未安装 LibreOffice（soffice），无法生成 PDF。")
    return found


def convert(document: bytes, name="briefing", target="pdf") -> bytes:
    """``document`` (.docx bytes) converted to ``target`` (pdf, or docx for a LibreOffice round trip)."""
    with tempfile.TemporaryDirectory(prefix="tuijin-brief-") as folder:
        work = Path(folder)
        source = work / f"{name}.docx" if target != "docx" else work / "in" / f"{name}.docx"
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(document)
        out = work / "out"
        command = [soffice(), "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", target, "--outdir", str(out), str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise PdfFailed(f"LibreOffice 转换失败：{error}") from None
        produced = out / f"{name}.{target}"
        if not produced.exists():
            raise PdfFailed("LibreOffice 没有生成文件。")
        return produced.read_bytes()
