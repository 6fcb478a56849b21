"""Files into article text: .html, .txt and .docx, from an upload, the command line or the watched folder.

A watched folder is scanned by name and modification time, and every file's article is stored by the hash of
its cleaned text (``actions.submit_article``), so a file seen again — renamed, copied into another batch,
re-saved unchanged — is never read into the queue twice.
"""

import io
from pathlib import Path

TEXT_SUFFIXES = {".html", ".htm", ".txt"}
SUFFIXES = TEXT_SUFFIXES | {".docx"}
# For lib.files.check_upload: text files have no magic bytes; a .docx is a ZIP container.
UPLOAD_SIGNATURES = {".html": b"", ".htm": b"", ".txt": b"", ".docx": b"PK\x03\x04"}
ALLOWED_LABEL = ".html、.htm、.txt、.docx"


class SourceError(Exception):
    """A file that cannot be read as an article; the message names it and says why (in Chinese)."""


def decode(data: bytes, name: str) -> str:
    """Bytes of a text page: UTF-8 (with or without BOM), else GB18030, the two encodings Chinese pages use."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"“{name}”不是 UTF-8 或 GBK 编码的文本，无法读取。")


def docx_text(data: bytes, name: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise SourceError(f"“{name}”不是有效的 Word（.docx）文件。") from None
    return "\n".join(p.text for p in document.paragraphs)


def file_text(data: bytes, name: str) -> tuple[str, bool]:
    """(text, is_html) of one file by its suffix."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"“{name}”的类型不支持，仅支持 {ALLOWED_LABEL}。")
    if suffix == ".docx":
        return docx_text(data, name), False
    return decode(data, name), suffix in (".html", ".htm")


def folder_files(folder: Path) -> list[Path]:
    """The readable files of a folder (not recursive), oldest first so a batch queues in its order."""
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))
