"""``manage.py import_plans FILE [--user NAME] [--apply]``: yearly plans; see import_projects."""

from tuijin.imports.models import ImportKind

from .import_projects import Command as ImportCommand


class Command(ImportCommand):
    help = "从 Excel/CSV 导入年度投资计划（按项目编号和年度匹配）：默认只校验，--apply 时写入"
    default_kind = ImportKind.PLANS
