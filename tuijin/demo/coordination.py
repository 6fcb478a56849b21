"""Demo problems for the demo district (``manage.py seed_problems``): a few weeks of 吹哨报到 that look lived in.

Every problem goes through the real actions with simulated times, so its timeline, its
department's turns and the scorecards are what the app itself would have produced; the
escalation job then runs at "now" to raise the overdue ones. Drawn from ``random.Random(seed)``.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind, Role, User
from tuijin.lib import workdays
from tuijin.projects.models import Project, Stage

from tuijin.coordination import actions, escalation
from tuijin.coordination.models import MeetingKind, Problem, ProblemCategory

# category -> (the departments that usually lead, [(title, description)])
SAMPLES = {
    "用地": (["自然资源和规划局"], [
        ("二期用地指标未落实", "二期120亩用地指标尚未下达，影响年内开工。"),
        ("土地组卷报征进度慢", "组卷材料已报送两个月，仍未报省厅审批。")]),
    "规划": (["自然资源和规划局"], [
        ("规划条件调整审批慢", "容积率调整申请已提交，规划委员会尚未上会。"),
        ("工程规划许可卡在方案审查", "设计方案第三次修改后仍未通过审查。")]),
    "环评": (["生态环境局"], [
        ("环评批复等待专家评审", "报告书已受理，专家评审会尚未安排。"),
        ("排污许可证核发", "试生产在即，排污许可证仍未核发。")]),
    "水电气": (["锦江新区供电公司", "锦江新区供水公司", "锦江新区燃气公司"], [
        ("10kV专线接入未完成", "主体已封顶，设备调试需要正式用电。"),
        ("天然气管道未接通", "生产线点火调试需要天然气，市政管网距厂区800米。"),
        ("施工用水临时接驳", "施工用水靠水车拉运，请求临时接驳市政管网。")]),
    "道路": (["交通运输局", "住房和城乡建设局"], [
        ("厂区外连接道路未修通", "规划道路未建，原材料车辆无法进场。"),
        ("施工便道占用农田纠纷", "村民阻止施工车辆通行，要求补偿。")]),
    "融资": (["住房和城乡建设局"], [
        ("项目贷款授信未获批", "银行要求补充土地抵押手续，请协调不动产登记。")]),
    "用工": (["人力资源和社会保障局"], [
        ("技术工人招聘困难", "投产需新增焊工、电工80名，请协助组织专场招聘。"),
        ("员工子女入学", "引进的20名技术骨干子女需在区内就学。")]),
    "审批": (["行政审批局", "住房和城乡建设局"], [
        ("施工许可证材料反复补正", "同一事项已补正三次，每次提出新要求。"),
        ("消防设计审查超时", "消防设计审查超过承诺时限仍未出具意见。")]),
    "其他": (["住房和城乡建设局"], [
        ("周边村民阻工", "因施工噪声与周边村民产生纠纷，已停工两天。"),
        ("土方外运受限", "渣土消纳场不足，土方无法外运。")]),
}
REPLIES = ["已与相关单位现场会商，明确了办理时序，本周内完成。", "已开辟绿色通道，材料齐全后即时办结。",
           "经研究，按政策可先行办理，已出具意见。", "受上级政策限制，暂无法办理，已向企业当面解释。"]
REOPEN_REASONS = ["答复后仍未实际解决", "承诺时间已过，现场没有变化", "只答复了程序，没有解决问题"]


class NotEmpty(Exception):
    pass


def _moment(now, rng, days_back):
    """A working-hours moment ``days_back`` calendar days before ``now``."""
    day = (now - dt.timedelta(days=days_back)).astimezone(workdays.CHINA).date()
    while not workdays.is_workday(day):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), tzinfo=workdays.CHINA)


def _later(moment, rng, hours):
    """``hours`` (a range) later, moved into working hours: people act at their desks, not at midnight."""
    moment = (moment + dt.timedelta(hours=rng.uniform(*hours))).astimezone(workdays.CHINA)
    opens, closes = workdays.working_hours()
    day = moment.date()
    if moment.time() >= closes:
        day += dt.timedelta(days=1)
    if moment.time() >= closes or moment.time() < opens or not workdays.is_workday(day):
        while not workdays.is_workday(day):
            day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, opens, tzinfo=workdays.CHINA) + dt.timedelta(minutes=rng.randint(5, 90))
    return moment


def seed_problems(*, count=40, seed=2026, now=None) -> dict:
    """Write ``count`` problems and two meetings; raise ``NotEmpty`` when problems exist."""
    rng = random.Random(seed)
    first, last = workdays.covered_years()
    now = min(now or timezone.now(), workdays.end_of_working_day(dt.date(last, 12, 31)))
    with transaction.atomic():
        if Problem.objects.exists():
            raise NotEmpty(Problem.objects.count())
        coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).first()
        departments = {org.name: org for org in Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)}
        projects = list(Project.objects.filter(enterprise__isnull=False, stage__in=[
            Stage.PREPARATION, Stage.CONSTRUCTION, Stage.REGISTERED]).select_related("enterprise").order_by(
            "pk")[:300])
        if coordinator is None or not departments or not projects:
            return {"problems": 0, "meetings": 0}
        enterprise_user = User.objects.filter(role=Role.ENTERPRISE, enterprise__isnull=False).first()
        own = [p for p in projects if enterprise_user and p.enterprise_id == enterprise_user.enterprise_id]
        categories = {category.name: category for category in ProblemCategory.objects.all()}
        clerks = {user.organisation_id: user for user in User.objects.filter(role=Role.DEPARTMENT_CLERK)}
        for number in range(count):
            _one(rng, now, number, coordinator, departments, clerks, categories,
                 own if own and number % 4 == 0 else projects, enterprise_user,
                 waiting=number >= count - 2)  # the last two wait for the coordinator to 交办 (工作台 待办)
        escalation.run(now)
        meetings = _meetings(rng, now, coordinator, departments, categories, projects)
        # The coordinator sends the two oldest problems at level 2 on to the coming 调度会 by hand
        for problem in Problem.objects.filter(level="2").order_by("created_at")[:2]:
            actions.escalate_problem(problem, actor=coordinator, reason="领导督办后仍未解决，提交调度会研究", now=now)
    return {"problems": Problem.objects.count(), "meetings": meetings}


def _one(rng, now, number, coordinator, departments, clerks, categories, projects, enterprise_user, waiting=False):
    name = rng.choice(list(SAMPLES))
    leads, texts = SAMPLES[name]
    title, description = rng.choice(texts)
    project = rng.choice(projects)
    filer = enterprise_user if enterprise_user and project.enterprise_id == enterprise_user.enterprise_id \
        else (project.responsible_official or coordinator)
    moment = _moment(now, rng, rng.randint(1, 45))
    problem = actions.file_problem(actor=filer, now=moment, data={
        "title": title, "description": description, "category": categories[name], "project": project,
        "urgency": rng.choices(["normal", "urgent", "critical"], weights=[6, 3, 1])[0]})
    # 住建局 (the demo ``dept`` account) leads a good share, whatever the category
    lead = departments.get("住房和城乡建设局") if number % 3 == 0 else departments.get(rng.choice(leads))
    lead = lead or rng.choice(list(departments.values()))
    steps = rng.choices(range(7), weights=[1, 2, 2, 3, 3, 2, 1])[0]  # how far along the loop it got
    steps = 0 if waiting else steps
    clerk = clerks.get(lead.pk)
    try:
        if steps == 0:
            return
        moment = _later(moment, rng, (1, 20))
        if moment > now:
            return
        others = [d for d in departments.values() if d != lead]
        actions.assign_problem(problem, actor=coordinator, lead=lead, working_days=rng.choice((3, 5, 5, 10)),
                               co_departments=rng.sample(others, k=rng.choice((0, 0, 1, 2))), now=moment)
        if clerk is None:  # the demo district has a clerk for 住建局 only: the others never report in
            return
        for step in range(2, steps + 1):
            moment = _later(moment, rng, (1, 40) if step == 2 else (4, 80))
            if moment > now:
                return
            problem.refresh_from_db()
            _step(rng, step, problem, clerk, filer, moment)
    except actions.Refused:  # a clock that would run into a year the calendar does not know yet
        return


def _step(rng, step, problem, clerk, filer, moment):
    if step == 2:
        actions.accept_problem(problem, actor=clerk, now=moment)
    elif step == 3:
        actions.start_work(problem, actor=clerk, now=moment)
    elif step in (4, 6):
        actions.reply_problem(problem, actor=clerk, reply=rng.choice(REPLIES),
                              outcome=rng.choices(["solved", "explained"], weights=[4, 1])[0], now=moment)
    elif step == 5:
        if rng.random() < 0.3:
            actions.reopen_problem(problem, actor=filer, reason=rng.choice(REOPEN_REASONS), now=moment)
        else:
            actions.confirm_problem(problem, actor=filer, rating=rng.choice((3, 4, 4, 5, 5)),
                                    solved=rng.random() < 0.85, now=moment)


def _meetings(rng, now, coordinator, departments, categories, projects):
    held = _moment(now, rng, 7)
    past = actions.record_meeting(actor=coordinator, data={
        "kind": MeetingKind.SCHEDULING, "title": f"{timezone.localtime(held):%-m月%-d日}重点项目调度会",
        "held_at": held, "place": "区政府3楼第一会议室", "chaired_by": "常务副区长",
        "attendees": "发改局、投促局、自然资源和规划局、住建局、生态环境局、各园区",
        "minutes": "会议听取了重点项目推进情况汇报，逐项研究了企业反映的问题。"}, projects=projects[:3])
    decisions = [("打通园区东侧连接道路", "道路", "交通运输局"),
                 ("集中开展技术工人专场招聘", "用工", "人力资源和社会保障局")]
    for (title, category, department), project in zip(decisions, projects):
        if department in departments:
            try:
                actions.record_decision(past, actor=coordinator, lead=departments[department], working_days=10,
                                        now=held + dt.timedelta(hours=2), data={
                                            "title": title, "description": f"{title}，按会议要求限期完成。",
                                            "category": categories[category], "project": project})
            except actions.Refused:
                pass
    upcoming = timezone.localtime(now).replace(hour=15, minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    actions.record_meeting(actor=coordinator, data={
        "kind": MeetingKind.SCHEDULING, "title": f"{upcoming:%-m月%-d日}重点项目调度会", "held_at": upcoming,
        "place": "区政府3楼第一会议室", "chaired_by": "常务副区长"})
    return 2
