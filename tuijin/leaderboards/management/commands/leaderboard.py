"""``manage.py leaderboard --from 2026-01 --to 2026-06 [--board 园区擂台赛] --json``: the ranking on the command line."""

import json

from django.core.management.base import BaseCommand, CommandError

from tuijin.leaderboards import calculations
from tuijin.leaderboards.models import Board


class Command(BaseCommand):
    help = "擂台赛排名：各单位的指标、得分与名次（名次从 1 起）"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="起始月份 YYYY-MM")
        parser.add_argument("--to", dest="last", required=True, help="截止月份 YYYY-MM")
        parser.add_argument("--board", help="擂台赛名称（默认第一个）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        try:
            span = calculations.Span.parse(options["first"], options["last"])
        except calculations.SpanError as error:
            raise CommandError(str(error)) from error
        boards = Board.objects.prefetch_related("measures")
        board = boards.filter(name=options["board"]).first() if options["board"] else boards.first()
        if board is None:
            raise CommandError(f"没有名为“{options['board']}”的擂台赛" if options["board"] else "尚未设置擂台赛")
        rows = calculations.leaderboard(board, span)
        result = calculations.as_json(rows)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{board.name} · {span.label}")
        for unit in result["units"]:
            self.stdout.write(f"{unit['rank']:>3}  {unit['unit']}  {unit['score']:.1f}")
