"""manage.py eval_forecast [--ledger FILE]: the forecast's backtest, printed as a table by month.

Without ``--ledger`` it replays the complete past years in this database; with it, those of an
exported ledger (tuijin-ledger, docs/exchange.md) from any district. ``--check`` exits non-zero
unless the forecast beats both naive baselines from June on (the acceptance line of issue 19).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tuijin.foresight import calculations, history
from tuijin.lib.ledger import LedgerError


class Command(BaseCommand):
    help = "回测年末预测：逐月预测12月累计完成投资并与实际比较（MAE、80%区间覆盖率，对照两种朴素方法）"

    def add_arguments(self, parser):
        parser.add_argument("--ledger", help="导出的上报台账文件（JSON Lines）；不填则用本库历史")
        parser.add_argument("--check", action="store_true", help="6月起未同时优于两种基线时以非零状态退出")

    def handle(self, *args, ledger=None, check=False, **options):
        if ledger:
            try:
                with open(ledger, encoding="utf-8") as file:
                    panel, years = history.from_ledger(file)
            except OSError as error:
                raise CommandError(f"无法打开台账文件 {ledger}：{error.strerror}") from error
            except LedgerError as error:
                raise CommandError(f"台账第 {error.line} 行：{error.message_zh}") from error
            source = f"台账 {ledger}"
        else:
            panel, years = history.from_database(timezone.localdate())
            source = "本库"
        if not years:
            raise CommandError(f"{source}没有完整的历史年度（需要至少一个已结束年度的计划和月报），无法回测")
        self.stdout.write(f"回测数据：{source}，完整年度 {', '.join(map(str, years))}，"
                          f"{int((panel.year < max(years) + 1).sum())} 个项目年度")
        rows, protocol = calculations.backtest(panel, years)
        self.stdout.write(f"训练方式：{protocol}")
        self.stdout.write("基线：直线外推 = 截至当月累计 × 12 / 月数；计划×时间 = 截至当月累计 + 年度计划 × 剩余月数 / 12")
        self.stdout.write(calculations.format_backtest(rows))
        losing = [row.month for row in rows if row.month >= 6
                  and not (row.mae < row.mae_run_rate and row.mae < row.mae_plan_time)]
        verdict = "6月起每月均优于两种基线" if not losing else f"未优于基线的月份：{losing}"
        self.stdout.write(verdict)
        if check and losing:
            raise CommandError(verdict)
