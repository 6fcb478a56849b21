"""extract_projects FILE... [--json] [--date YYYY-MM-DD] [--queue]: read news files and print their projects.

``--json`` prints one document ``{"files": [{"file", "date", "region", "traditional", "projects",
"indicators"}]}`` (schema in docs/intel.md); without it, a readable summary. ``--queue`` also stores each
article in the review queue (once per text). Reading needs no database unless ``--queue`` is given.
"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tuijin.intel import reader, sources


class Command(BaseCommand):
    help = "从新闻、公告文件（.html/.txt/.docx）抽取项目信息；--json 输出 JSON"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="输出 JSON 文档（格式见 docs/intel.md）")
        parser.add_argument("--date", help="文章日期 YYYY-MM-DD（默认取页面上的发布日期，否则今天）")
        parser.add_argument("--queue", action="store_true", help="同时放入审核队列（同一正文只入队一次）")

    def handle(self, *args, **options):
        try:
            date = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"--date “{options['date']}”不是 YYYY-MM-DD 格式的日期") from None
        documents = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"文件“{name}”不存在")
            try:
                text, is_html = sources.file_text(path.read_bytes(), path.name)
            except sources.SourceError as error:
                raise CommandError(str(error)) from None
            reading = reader.read(text, is_html=is_html, date=date)
            documents.append(reader.document(path.name, reading))
            if options["queue"]:
                from tuijin.intel import actions
                from tuijin.intel.models import Origin
                from tuijin.lib.context import Source, acting

                with acting(Source.COMMAND):
                    article, created = actions.submit_article(actor=None, raw=text, origin=Origin.COMMAND,
                                                              file_name=path.name, is_html=is_html, date=date)
                if not options["json"]:
                    self.stderr.write(f"{path.name}：{'已入队' if created else '已处理过，未重复入队'}（#{article.pk}）")
        if options["json"]:
            self.stdout.write(json.dumps({"files": documents}, ensure_ascii=False, indent=1))
            return
        for document in documents:
            self.stdout.write(f"{document['file']}  日期 {document['date']}  地区 {document['region'] or '—'}")
            for project in document["projects"]:
                money = project["investment"]
                self.stdout.write(f"  · {project['name']}  {project['event'] or '—'} {project['date'] or ''}"
                                  f"  投资 {money['value'] + ' 万' + money['unit'] if money else '—'}")
            for indicator in document["indicators"]:
                self.stdout.write(f"  ◦ 指标：{indicator['text']}")
