"""Demo 项目情报: a few articles in the review queue (a forum page, a news page, a traditional-character page,
a report on one of the district's own projects) and one accepted lead with its source linked.

Written through ``intel.actions`` so the queue, the lead and their histories are what a reviewer's work gives.
"""

import datetime as dt

from tuijin.accounts.models import Role, User
from tuijin.intel import actions
from tuijin.intel.evaluate import HERE
from tuijin.intel.models import Origin
from tuijin.projects.models import Project, Stage

OWN_PROJECT_NEWS = "{day}，{name}主体结构顺利封顶，项目建设进入装饰装修阶段。该项目总投资约{amount}亿元。"
SIGNING = ("3月18日，锐新储能电池模组项目签约落户我区经开区。项目由上海锐新能源科技有限公司投资建设，拟投资12亿元，"
           "用地约150亩，达产后预计年产值30亿元。一季度，全区新签约亿元以上项目12个，协议总投资86.5亿元；"
           "实际到位外资1.05亿美元。")


def seed_intel(seed=None) -> int:
    """Returns the number of articles queued."""
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    queued = []
    for name in ("forum1.html", "news1.html", "forum3.html"):
        raw = (HERE / "pages" / name).read_text(encoding="utf-8")
        queued.append(actions.submit_article(actor=coordinator, raw=raw, origin=Origin.UPLOAD, file_name=name,
                                             is_html=True)[0])
    signing, _ = actions.submit_article(actor=coordinator, raw=SIGNING, origin=Origin.PASTE, date=dt.date(2026, 4, 2))
    queued.append(signing)
    project = Project.objects.filter(stage=Stage.PREPARATION).order_by("pk").first()
    if project is not None:
        amount = max(1, int(project.total_investment / 10000)) if project.total_investment else 5
        news = OWN_PROJECT_NEWS.format(day="近日", name=project.name, amount=amount)
        queued.append(actions.submit_article(actor=coordinator, raw=news, origin=Origin.PASTE)[0])
    finding = signing.findings.order_by("pk").first()
    if finding is not None and coordinator is not None:
        actions.accept(finding, actor=coordinator)
    return len(queued)
