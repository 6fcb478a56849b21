"""``manage.py import_reports FILE [--user NAME] [--apply]``: monthly reports, imported as approved."""

from tuijin.imports.models import ImportKind

from .import_projects import Command as ImportCommand


class Command(ImportCommand):
    help = "从 Excel/CSV 导入月度完成投资（按项目编号、年度、月份匹配，导入即为已审核）：默认只校验，--apply 时写入"
    default_kind = ImportKind.REPORTS
