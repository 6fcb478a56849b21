"""Demo promotion data on top of the demo district: three chains with gaps, ~70 leads in every stage with their
history, activities, contracts, monthly fund arrival and this year's targets.

Leads at 注册 and 落地 are the stories of demo projects already in the library (signed, registered or
further on), so the dates agree: the lead's contract is the project's signing, its registration the
project's. Everything is drawn from one ``random.Random(seed)``; ``seed_promotion`` runs inside
``seed_demo``'s transaction.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind, Role, User
from tuijin.enterprises.models import Enterprise, Industry, Scale
from tuijin.projects.models import Category, Project, Stage

from tuijin.promotion import events as lead_events
from tuijin.promotion.actions import next_lead_code
from tuijin.promotion.calculations import SIGNED_STAGES
from tuijin.promotion.models import (
    PIPELINE, Activity, ActivityKind, CapitalSource, ChainMember, ChainSegment, Contract, ContractKind, FundArrival,
    IndustryChain, Lead, LeadEvent, LeadEventKind, LeadSource, LeadStage, MemberRole, Metric, PeriodKind, Position,
    SegmentProject, Target, TargetCompany,
)

BATCH = 2000
MAX_SIGNED_PROJECTS = 300  # demo contracts and arrivals for at most this many library projects
U, M, D = Position.UPSTREAM, Position.MIDSTREAM, Position.DOWNSTREAM
# chain → [(segment, position, "gap": nothing local / "weak": one project only / "")], industry code of its new
# companies, target companies by segment
CHAINS = {
    "医药健康": ([("原料药与中间体", U, ""), ("医用高分子材料", U, "gap"), ("创新药研发", M, "weak"),
              ("高端医疗器械", M, ""), ("口腔医疗器械", M, "gap"), ("体外诊断", M, ""), ("医疗健康服务", D, ""),
              ("医药流通", D, "weak")], "27",
             {"医用高分子材料": ["华东医用材料股份有限公司", "江苏康联高分子科技有限公司"],
              "口腔医疗器械": ["深圳齿研数字口腔科技有限公司", "上海瓷美义齿材料有限公司", "北京种植体医疗器械有限公司"],
              "创新药研发": ["苏州睿康生物医药有限公司"], "体外诊断": ["杭州明诊生物科技有限公司"]}),
    "新能源汽车": ([("锂电材料", U, ""), ("电机电控芯片", U, "gap"), ("动力电池", M, ""), ("电驱动系统", M, "weak"),
               ("整车制造", M, ""), ("充换电设施", D, ""), ("动力电池回收", D, "gap")], "38",
              {"电机电控芯片": ["无锡芯动功率半导体有限公司", "上海驰芯汽车电子有限公司"],
               "动力电池回收": ["湖南循环新能源材料有限公司", "江西再生锂业有限公司"], "整车制造": ["重庆远途汽车有限公司"]}),
    "电子信息": ([("半导体材料", U, "gap"), ("集成电路设计", U, "weak"), ("封装测试", M, ""), ("新型显示", M, ""),
              ("通信模组", M, ""), ("智能终端", D, ""), ("软件与信息服务", D, "")], "39",
             {"半导体材料": ["宁波晶材电子材料有限公司", "天津高纯硅材料股份有限公司"], "新型显示": ["合肥视界光电科技有限公司"],
              "智能终端": ["东莞智联终端科技有限公司"]}),
}
COMPANY_PLACES = ["深圳", "上海", "苏州", "杭州", "北京", "广州", "南京", "合肥", "武汉", "西安", "重庆", "天津", "香港", "新加坡"]
COMPANY_WORDS = {"医药健康": ["生物医药", "医疗器械", "制药", "医疗科技", "诊断技术"],
                 "新能源汽车": ["新能源科技", "动力电池", "汽车零部件", "电驱科技", "储能技术"],
                 "电子信息": ["微电子", "光电科技", "半导体", "智能科技", "信息技术"]}
ZIHAO = "华锐恒瑞博澜宏远星辰启明正泰鼎新盛达永安中科天域东方金鑫"
PROJECTS = {"医药健康": ["创新药生产基地项目", "高端医用耗材产业化项目", "体外诊断试剂生产项目", "医疗器械研发制造中心项目"],
            "新能源汽车": ["动力电池生产线项目", "电驱动系统制造基地项目", "正极材料生产项目", "充换电设备生产项目"],
            "电子信息": ["集成电路封装测试项目", "新型显示模组生产项目", "5G通信模组制造项目", "智能终端生产基地项目"]}
STAGE_COUNTS = {LeadStage.LEAD: 12, LeadStage.CONTACT: 10, LeadStage.VISIT: 8, LeadStage.NEGOTIATION: 8,
                LeadStage.SIGNED: 6, LeadStage.LANDED: 12, LeadStage.REGISTERED: 5, LeadStage.SHELVED: 5}
# Landed leads take the most recently registered library projects, so this year has landings to count.
SHELVE_REASONS = ["企业投资计划推迟至明年", "用地指标暂未落实", "企业选址倾向其他城市，保持跟踪", "企业融资未到位",
                  "政策诉求超出可承受范围"]
NEXT_STEPS = ["邀请企业高管来区考察", "报送投资意向书", "对接用地和厂房需求", "商谈政策支持条款", "安排分管领导拜访",
              "提交项目可研材料", "起草投资协议文本"]
ACTIVITIES = [(ActivityKind.TRIP, "赴{place}开展{chain}产业小分队招商"), (ActivityKind.FAIR, "参加{place}{chain}产业博览会"),
              (ActivityKind.VISIT, "走访{place}{chain}重点企业"), (ActivityKind.MEETING, "{chain}产业链项目洽谈会")]


def seed_promotion(*, seed=2026, today=None) -> dict:
    """Write the demo promotion records; returns their counts."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    parks = list(Organisation.objects.filter(kind=OrganisationKind.PARK).order_by("sort_order"))
    bureau = Organisation.objects.filter(name="投资促进局").first()
    district = Organisation.objects.filter(kind=OrganisationKind.DISTRICT).first()
    staff = list(User.objects.filter(role__in=[Role.COORDINATOR, Role.PARK_STAFF]).order_by("pk"))
    chains = _chains(rng)
    leads = _leads(rng, today, chains, parks, bureau, staff)
    contracts = _library_contracts(rng, today, chains)
    arrivals = _arrivals(rng, today)
    activities = _activities(rng, today, chains, leads, parks, bureau, staff)
    targets = _targets(today, district, parks, bureau)
    return {"chains": len(chains), "leads": len(leads), "contracts": contracts, "arrivals": arrivals,
            "activities": activities, "targets": targets}


def _chains(rng):
    """The chains, their segments, members (链主 first) and placed projects; gap segments keep nothing local."""
    chains = {}
    for order, (name, (segments, _code, targets)) in enumerate(CHAINS.items(), start=1):
        chain, _ = IndustryChain.objects.get_or_create(name=name, defaults={"sort_order": order})
        rows = [ChainSegment.objects.get_or_create(chain=chain, name=segment, defaults={"position": position,
                                                                                       "order": number})[0]
                for number, (segment, position, _flag) in enumerate(segments, start=1)]
        filled = [row for row, (_n, _p, flag) in zip(rows, segments) if not flag]
        weak = [row for row, (_n, _p, flag) in zip(rows, segments) if flag == "weak"]
        for row in rows:
            for company in targets.get(row.name, []):
                TargetCompany.objects.get_or_create(segment=row, name=company,
                                                    defaults={"location": company[:2], "reason": "补链强链重点目标"})
        Project.objects.filter(industry_chain=name, chain__isnull=True).update(chain=chain)
        projects = list(Project.objects.filter(chain=chain).exclude(stage=Stage.TERMINATED).order_by("pk")[:400])
        placed = [SegmentProject(segment=rng.choice(filled), project=project) for project in projects[len(weak):]]
        placed += [SegmentProject(segment=segment, project=project) for segment, project in zip(weak, projects)]
        SegmentProject.objects.bulk_create(placed, ignore_conflicts=True)
        enterprises = list(Enterprise.objects.filter(projects__in=projects).distinct().order_by("pk")[:60])
        anchor = next((e for e in enterprises if e.scale == Scale.LARGE), enterprises[0] if enterprises else None)
        others = [e for e in enterprises if e != anchor][:24]
        members = [ChainMember(segment=rng.choice(filled), enterprise=e) for e in others]
        if anchor is not None:
            members.append(ChainMember(segment=filled[len(filled) // 2], enterprise=anchor, role=MemberRole.ANCHOR))
        ChainMember.objects.bulk_create(members, ignore_conflicts=True)
        chains[name] = (chain, rows)
    return chains


def _company(rng, chain_name, taken):
    while True:
        zihao = rng.choice(ZIHAO) + rng.choice(ZIHAO)
        name = f"{rng.choice(COMPANY_PLACES)}{zihao}{rng.choice(COMPANY_WORDS[chain_name])}有限公司"
        if name not in taken:
            taken.add(name)
            return name


def _dates(rng, stage_count, end):
    """Dates for entering the first ``stage_count`` pipeline stages, 5–60 days apart, the last before ``end``."""
    gaps = [rng.randint(5, 60) for _ in range(stage_count - 1)]
    first = end - dt.timedelta(days=sum(gaps) + rng.randint(0, 40))
    dates = [first]
    for gap in gaps:
        dates.append(dates[-1] + dt.timedelta(days=gap))
    return dates


def _story_projects(chains):
    """Library projects that can be the end of a lead's story: industrial, on a demo chain, signed and registered."""
    return list(Project.objects.filter(
        chain__in=[chain for chain, _ in chains.values()], category=Category.INDUSTRIAL, enterprise__isnull=False,
        actual_sign_date__isnull=False, actual_register_date__isnull=False,
    ).exclude(stage__in=[Stage.TERMINATED, Stage.SUSPENDED]).select_related("chain", "enterprise", "park")
        .order_by("-actual_register_date", "pk")[:40])


def _leads(rng, today, chains, parks, bureau, staff):
    taken = set(Lead.objects.values_list("company_name", flat=True))
    # pop() takes from the end: started projects first (landed leads come first), then the most recently registered
    stories = sorted(_story_projects(chains), key=lambda p: (p.actual_start_date is not None, p.actual_register_date))
    serial = int(next_lead_code(today.year).rsplit("-", 1)[1])
    park_staff = {user.organisation_id: user for user in staff if user.role == Role.PARK_STAFF}
    coordinators = [user for user in staff if user.role == Role.COORDINATOR] or [None]
    industries = {code: Industry.objects.filter(code=code).first() for _n, (_s, code, _t) in CHAINS.items()}
    leads = []
    plan = [stage for stage, count in STAGE_COUNTS.items() for _ in range(count)]
    for stage in plan:
        story = stories.pop() if stage in (LeadStage.REGISTERED, LeadStage.LANDED) and stories else None
        if stage in (LeadStage.REGISTERED, LeadStage.LANDED) and story is None:
            stage = LeadStage.SIGNED  # a small demo district has few registered projects to tell stories about
        chain_name = story.chain.name if story else rng.choice(list(chains))
        chain, segments = chains[chain_name]
        park = story.park if story else (rng.choice(parks) if parks and rng.random() < 0.7 else None)
        owner = park_staff.get(park.pk if park else None) or rng.choice(coordinators)
        reached = stage if stage != LeadStage.SHELVED else rng.choice(PIPELINE[:4])
        count = PIPELINE.index(reached) + 1
        if story:
            dates = _dates(rng, 4, story.actual_sign_date - dt.timedelta(days=rng.randint(5, 40)))
            dates += [story.actual_sign_date, story.actual_register_date]
            if stage == LeadStage.LANDED:
                dates.append(min(today, story.actual_register_date + dt.timedelta(days=rng.randint(10, 60))))
        else:
            dates = _dates(rng, count, today - dt.timedelta(days=rng.randint(0, 30)))
        serial += 1
        amount = story.total_investment if story else Decimal(rng.choice([3000, 5000, 8000, 12000, 20000, 35000]))
        lead = Lead.objects.create(
            code=f"XS{today.year}-{serial:04d}", name=story.name if story else rng.choice(PROJECTS[chain_name]),
            company_name=story.enterprise.name if story else _company(rng, chain_name, taken),
            company_uscc=story.enterprise.uscc if story else "", industry=industries[CHAINS[chain_name][1]],
            company_location="本地" if story else rng.choice(COMPANY_PLACES), source=rng.choice(LeadSource.values),
            chain=chain, segment=rng.choice(segments), expected_investment=amount, park=park,
            unit=park if park and rng.random() < 0.5 else bureau, owner=owner, stage=stage,
            stage_entered_on=dates[-1] if stage != LeadStage.SHELVED else dates[-1] + dt.timedelta(days=7),
            shelved_from=reached if stage == LeadStage.SHELVED else "",
            shelved_reason=rng.choice(SHELVE_REASONS) if stage == LeadStage.SHELVED else "",
            next_step=rng.choice(NEXT_STEPS) if stage in PIPELINE[:4] else "",
            next_step_on=today + dt.timedelta(days=rng.randint(-10, 30)) if stage in PIPELINE[:4] else None,
            enterprise=story.enterprise if story else None, project=story,
            registered_on=story.actual_register_date if story else None,
            landed_on=dates[6] if stage == LeadStage.LANDED else None, created_by=owner,
        )
        _history(lead, dates, stage, owner, amount, rng)
        leads.append(lead)
    return leads


def _history(lead, dates, stage, actor, amount, rng):
    events = [lead_events.lead_event(lead, kind=LeadEventKind.CREATED, actor=actor, occurred_on=dates[0],
                                     to_stage=LeadStage.LEAD)]
    for index in range(1, len(dates)):
        events.append(lead_events.lead_event(lead, kind=LeadEventKind.MOVED, actor=actor, occurred_on=dates[index],
                                             from_stage=PIPELINE[index - 1], to_stage=PIPELINE[index]))
    if len(dates) > PIPELINE.index(LeadStage.SIGNED):
        contract = Contract.objects.create(
            lead=lead, project=lead.project, kind=ContractKind.INITIAL, signed_on=dates[4], agreed_investment=amount,
            counted_investment=amount, title=f"{lead.name}投资协议",
            capital_source=CapitalSource.FOREIGN if rng.random() < 0.2 else CapitalSource.DOMESTIC)
        events[4].evidence = {"签约协议": f"首次签约 {contract.signed_on:%Y-%m-%d}"}
    if stage == LeadStage.SHELVED:
        events.append(lead_events.lead_event(
            lead, kind=LeadEventKind.SHELVED, actor=actor, occurred_on=lead.stage_entered_on,
            from_stage=lead.shelved_from, to_stage=LeadStage.SHELVED, reason=lead.shelved_reason))
    LeadEvent.objects.bulk_create(events)


def _library_contracts(rng, today, chains):
    """First signings (and a few increases) for signed library projects of the last two years without a contract."""
    since = dt.date(today.year - 1, 1, 1)
    projects = list(Project.objects.filter(category=Category.INDUSTRIAL, stage__in=SIGNED_STAGES,
                                           actual_sign_date__gte=since, actual_sign_date__lte=today)
                    .exclude(contracts__isnull=False).order_by("pk")[:MAX_SIGNED_PROJECTS])
    rows = []
    for project in projects:
        source = CapitalSource.FOREIGN if rng.random() < 0.15 else CapitalSource.DOMESTIC
        rows.append(Contract(project=project, kind=ContractKind.INITIAL, signed_on=project.actual_sign_date,
                             agreed_investment=project.total_investment, counted_investment=project.total_investment,
                             capital_source=source, title=f"{project.name}投资协议"))
        later = project.actual_sign_date + dt.timedelta(days=rng.randint(90, 300))
        if rng.random() < 0.08 and later <= today:
            increase = (project.total_investment * Decimal("0.3")).quantize(Decimal("0.01"))
            rows.append(Contract(project=project, kind=ContractKind.INCREASE, signed_on=later, capital_source=source,
                                 agreed_investment=project.total_investment + increase, counted_investment=increase,
                                 title="增资扩产补充协议"))
        elif rng.random() < 0.05 and later <= today:
            rows.append(Contract(project=project, kind=ContractKind.UPGRADE, signed_on=later, capital_source=source,
                                 agreed_investment=project.total_investment, counted_investment=Decimal(0),
                                 title="正式投资协议（框架协议升级）"))
    Contract.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows) + Contract.objects.filter(lead__isnull=False).count()


def _arrivals(rng, today):
    """Monthly 实际到位 for signed projects, from the month after signing, building up to 20–80 % of the agreement."""
    signed = {}
    for project_id, signed_on, amount, source in Contract.objects.filter(
            project__isnull=False, kind=ContractKind.INITIAL).values_list(
            "project_id", "signed_on", "counted_investment", "capital_source"):
        signed.setdefault(project_id, (signed_on, amount, source))
    rows = []
    for project_id, (signed_on, amount, source) in sorted(signed.items()):
        year, month = signed_on.year, signed_on.month
        months = []
        while (year, month) < (today.year, today.month):
            month += 1
            if month == 13:
                year, month = year + 1, 1
            months.append((year, month))
        months = months[:24]
        if not months:
            continue
        share = Decimal(rng.randint(20, 80)) / 100
        for year, month in months:
            if rng.random() < 0.35:
                continue
            value = (amount * share / len(months) * Decimal(rng.uniform(0.5, 1.5))).quantize(Decimal("0.01"))
            foreign = source == CapitalSource.FOREIGN
            rows.append(FundArrival(project_id=project_id, year=year, month=month, domestic=0 if foreign else value,
                                    foreign=value if foreign else 0))
    FundArrival.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _activities(rng, today, chains, leads, parks, bureau, staff):
    creator = next((user for user in staff if user.role == Role.COORDINATOR), None)
    count = 0
    for number in range(40):
        chain_name = rng.choice(list(chains))
        kind, title = rng.choice(ACTIVITIES)
        place = rng.choice(COMPANY_PLACES[:12])
        met = [lead for lead in leads if lead.chain.name == chain_name]
        chosen = rng.sample(met, k=min(len(met), rng.randint(1, 3))) if met else []
        activity = Activity.objects.create(
            kind=kind, title=title.format(place=place, chain=chain_name), location=place,
            held_on=today - dt.timedelta(days=rng.randint(0, 330)),
            unit=rng.choice(parks) if parks and rng.random() < 0.4 else bureau,
            participants=rng.choice(["投促局局长及招商科", "分管副区长、投促局、园区管委会", "园区招商部全体"]),
            companies_met="\n".join(lead.company_name for lead in chosen),
            outcome=rng.choice(["企业有意向来区考察", "达成初步合作意向", "收集项目需求3条", "签署投资意向书", "持续跟踪"]),
            created_by=creator,
        )
        activity.leads.set(chosen)
        activity.chains.set([chains[chain_name][0]])
        count += 1
    return count


def _targets(today, district, parks, bureau):
    """This year's targets: a year, quarters and months for the district, a year for each park and 投促局."""
    year = today.year
    rows = []

    def target(kind, start, unit, metric, value):
        rows.append(Target(period_kind=kind, period_start=start, unit=unit, metric=metric, value=Decimal(value)))

    if district is not None:
        for metric, value in ((Metric.SIGNINGS, 60), (Metric.SIGNINGS_OVER_100M, 20), (Metric.SIGNING_VALUE, 1500000),
                              (Metric.STARTS, 30), (Metric.FUND_ARRIVAL, 600000)):
            target(PeriodKind.YEAR, dt.date(year, 1, 1), district, metric, value)
        for quarter in range(4):
            start = dt.date(year, 3 * quarter + 1, 1)
            target(PeriodKind.QUARTER, start, district, Metric.SIGNINGS, 15)
            target(PeriodKind.QUARTER, start, district, Metric.SIGNING_VALUE, 375000)
        for month in range(1, 13):
            target(PeriodKind.MONTH, dt.date(year, month, 1), district, Metric.SIGNINGS, 4)
            target(PeriodKind.MONTH, dt.date(year, month, 1), district, Metric.STARTS, 2)
    for unit, share in [(park, 0.3) for park in parks] + ([(bureau, 0.6)] if bureau else []):
        for metric, value in ((Metric.SIGNINGS, 60), (Metric.SIGNING_VALUE, 1500000), (Metric.FUND_ARRIVAL, 600000)):
            target(PeriodKind.YEAR, dt.date(year, 1, 1), unit, metric, round(value * share))
    Target.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)

