"""Scan the watched folder (INTEL_WATCH_DIR) or an uploaded batch: each new article read and queued.

The huey periodic task and ``manage.py watch_intel`` both call ``scan``; nothing is read twice because
articles are keyed by the hash of their text, and a file whose text is already stored only counts as seen.
"""

from dataclasses import dataclass, field
from pathlib import Path

from . import actions, sources
from .models import Origin


@dataclass
class ScanResult:
    new: list = field(default_factory=list)  # articles created
    seen: int = 0  # files whose article was already stored
    errors: list = field(default_factory=list)  # (file name, message)

    def summary(self) -> str:
        text = f"新增文章 {len(self.new)} 篇，已处理过 {self.seen} 篇"
        return text + (f"，{len(self.errors)} 个文件无法读取" if self.errors else "")


def scan(folder, *, actor=None, origin=Origin.WATCH, progress=None) -> ScanResult:
    folder = Path(folder)
    result = ScanResult()
    if not folder.is_dir():
        result.errors.append((str(folder), f"监测目录“{folder}”不存在或不是目录。"))
        return result
    files = sources.folder_files(folder)
    for index, path in enumerate(files, 1):
        try:
            text, is_html = sources.file_text(path.read_bytes(), path.name)
            article, created = actions.submit_article(actor=actor, raw=text, origin=origin, file_name=path.name,
                                                      is_html=is_html)
        except (sources.SourceError, actions.ActionRefused) as error:
            result.errors.append((path.name, str(error)))
            continue
        if created:
            result.new.append(article)
        else:
            result.seen += 1
        if progress:
            progress(index, len(files), path.name)
    actions.tell_coordinators(result.new)
    return result
