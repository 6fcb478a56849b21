"""``manage.py seed_demo``: fill an empty database with the demo district and print the demo accounts.

The accounts table is printed on every run, including when nothing is written, because it is
what a newcomer needs to log in after ``make run``. The generator lives in ``tuijin.demo.district``.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tuijin.accounts.models import User
from tuijin.demo import district as demo
from tuijin.demo.attachments import seed_attachments
from tuijin.demo.briefings import seed_briefings
from tuijin.demo.exchange import seed_exchange
from tuijin.demo.matchmaking import seed_matchmaking
from tuijin.demo.baselines import seed_baselines
from tuijin.demo.intel import seed_intel
from tuijin.demo.monitoring import seed_monitoring
from tuijin.demo.nodeplans import seed_nodeplans
from tuijin.demo.progress import demo_years, seed_progress
from tuijin.demo.policies import seed_policies
from tuijin.demo.promotion import seed_promotion
from tuijin.demo.simulation import seed_simulations
from tuijin.demo.todos import seed_todos


class Command(BaseCommand):
    help = (
        "生成演示数据（虚构的锦江新区：组织机构、演示账号、企业、项目及变更记录），并打印演示账号。"
        "只写入没有任何项目的空库：库中已有项目时报错退出；加 --if-empty 则改为跳过（仍打印账号），供 make run 使用。"
        "全部在一个事务中写入，失败不留半截数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=500, help="项目数（默认 500；50000 亦可）")
        parser.add_argument("--enterprises", type=int, default=None,
                            help="企业数，含4家区属国有平台公司（默认 max(300, 项目数×0.6)）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026；同一种子生成相同数据）")
        parser.add_argument("--districts", action="store_true",
                            help="另导入两个区县的上报台账，演示市级“数据上报”页面（/exchange/）")
        parser.add_argument("--if-empty", action="store_true",
                            help="库中已有项目时不生成、不报错，只打印演示账号")

    def handle(self, *args, projects, enterprises, seed, if_empty, **options):
        if projects < 0 or (enterprises is not None and enterprises < 1):
            raise CommandError("--projects 不能为负数，--enterprises 至少为 1")
        started = time.monotonic()
        try:
            progress = self._progress if options["verbosity"] >= 1 else None
            with transaction.atomic():
                summary = demo.seed(projects=projects, enterprises=enterprises, seed=seed, progress=progress)
                summary["reports"] = seed_progress(demo_years(), seed=seed, progress=progress)
                summary["policies"] = seed_policies(seed=seed)
                summary["simulations"] = seed_simulations(seed=seed)
                summary["promotion"] = seed_promotion(seed=seed)
                summary["baselines"] = seed_baselines(seed=seed)
                summary["node_plans"] = seed_nodeplans(seed=seed)
                summary["returned_reports"] = seed_todos()
                summary["attachments"] = seed_attachments()
                summary["matchmaking"] = seed_matchmaking(seed=seed)
                summary["intel"] = seed_intel(seed=seed)
                summary["monitoring"] = seed_monitoring(seed=seed)
                summary["briefings"] = seed_briefings()
                if options.get("districts"):  # a city's view: two districts' ledgers imported (数据上报)
                    summary["exchange"] = seed_exchange(seed=seed)
        except demo.NotEmpty as exc:
            if not if_empty:
                raise CommandError(
                    f"数据库中已有 {exc.args[0]} 个项目，演示数据只写入空库。"
                    "如需重建：删除 var/tuijin.sqlite3 后重新 migrate 再运行；或加 --if-empty 跳过。"
                ) from exc
            self.stdout.write(f"数据库中已有 {exc.args[0]} 个项目，跳过生成演示数据。")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"已生成演示数据：组织机构 {summary['organisations']} 个，账号 {summary['users']} 个，"
                f"企业 {summary['enterprises']} 家，项目 {summary['projects']} 个，"
                f"变更记录 {summary['events']} 条，月报 {summary['reports']} 条，"
                f"重点企业月度数据 {summary['monitoring']} 条，用时 {time.monotonic() - started:.1f} 秒。"
            ))
            if summary["existing_users"]:
                self.stdout.write(self.style.WARNING(
                    "以下账号事先已存在，未修改其密码：" + "、".join(summary["existing_users"])))
        self._print_accounts()

    def _progress(self, label, done, total):
        """One line that updates in place; the final call ends it with a newline."""
        percent = done * 100 // total if total else 100
        self.stdout.write(f"\r{label} {done}/{total} ({percent}%)", ending="\n" if done >= total else "")
        self.stdout.flush()

    def _print_accounts(self):
        rows = account_rows()
        if not rows:
            return
        header = ("用户名", "密码", "角色", "所属单位 / 企业")
        widths = [max(_width(str(row[i])) for row in [header, *rows]) for i in range(3)]
        self.stdout.write(f"\n演示账号（登录 {settings.TUIJIN_BASE_URL.rstrip('/')}/login/ ）：")
        for row in [header, *rows]:
            cells = [str(cell) + " " * (width - _width(str(cell))) for cell, width in zip(row, widths)]
            self.stdout.write("  " + "  ".join([*cells, str(row[3])]))
        self.stdout.flush()


def account_rows():
    """(username, password, role, organisation or enterprise) for each demo account present."""
    usernames = [account[0] for account in demo.ACCOUNTS]
    users = {u.username: u for u in User.objects.filter(username__in=usernames).select_related(
        "organisation", "enterprise")}
    rows = []
    for username in usernames:
        if (user := users.get(username)) is None:
            continue
        role = "超级管理员" if user.is_superuser else user.get_role_display()
        role += "（包保领导）" if username in demo.OFFICIALS[1:] else ""
        where = user.enterprise.name if user.enterprise_id else (user.organisation.name if user.organisation else "")
        rows.append((username, demo.DEMO_PASSWORD, role, where))
    return rows


def _width(text):
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
