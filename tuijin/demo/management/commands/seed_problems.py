"""``manage.py seed_problems``: a few weeks of demo problems and meetings on top of ``seed_demo``'s district."""

from django.core.management.base import BaseCommand, CommandError

from tuijin.demo import coordination as demo


class Command(BaseCommand):
    help = "生成问题协调演示数据（问题、交办、报到、答复、评价、升级和调度会），只写入尚无问题的库；先运行 seed_demo。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="问题数（默认 40）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）")
        parser.add_argument("--if-empty", action="store_true", help="已有问题时跳过而不报错（供 make run 使用）")

    def handle(self, *args, count, seed, if_empty, **options):
        try:
            summary = demo.seed_problems(count=count, seed=seed)
        except demo.NotEmpty as exc:
            if not if_empty:
                raise CommandError(f"库中已有 {exc.args[0]} 个问题，演示数据只写入尚无问题的库。") from exc
            self.stdout.write(f"库中已有 {exc.args[0]} 个问题，跳过生成问题协调演示数据。")
            return
        self.stdout.write(self.style.SUCCESS(
            f"已生成问题协调演示数据：问题和交办事项 {summary['problems']} 件，会议 {summary['meetings']} 次。"))
