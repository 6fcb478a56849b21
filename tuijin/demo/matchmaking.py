"""Demo 产用对接 and 擂台赛: chain members publish what they make and need, one 对接会 with outcomes, two boards.

Offerings follow the member's chain segment (a 锂电材料 firm offers cathode material, a 整车制造 firm needs battery
packs), so the suggestions on a need show upstream suppliers with their reasons. Written through ``actions`` so
the history and the tokens are what a user's entries would give.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from tuijin.accounts.models import Role, User
from tuijin.enterprises.models import Enterprise, Industry
from tuijin.leaderboards import actions as board_actions
from tuijin.matchmaking import actions
from tuijin.matchmaking.models import OutcomeKind
from tuijin.promotion.models import ChainMember, IndustryChain

# segment → (offerings [(name, description, industry code)], needs [(name, description, quantity, unit, code)])
CATALOGUE = {
    "锂电材料": ([("磷酸铁锂正极材料", "高压实密度磷酸铁锂正极材料，用于动力电池与储能电池电芯", "26"),
              ("六氟磷酸锂电解液", "锂电池电解液，六氟磷酸锂体系，适配磷酸铁锂与三元电芯", "26")], []),
    "动力电池": ([("磷酸铁锂动力电池电芯", "车规级磷酸铁锂电池电芯 280Ah，循环寿命 6000 次，用于新能源汽车电池包", "38"),
              ("动力电池包", "新能源乘用车动力电池包总成，含电池管理系统 BMS", "38")],
             [("磷酸铁锂正极材料", "采购磷酸铁锂正极材料，用于动力电池电芯生产", 800, "吨", "26"),
              ("电池电解液", "采购锂电池电解液，六氟磷酸锂体系", 300, "吨", "26")]),
    "电驱动系统": ([("永磁同步驱动电机", "新能源汽车永磁同步驱动电机及电机控制器总成", "38")],
              [("功率半导体模块", "采购 IGBT 功率模块，用于电机控制器", 20000, "只", "39")]),
    "整车制造": ([("纯电动物流车", "纯电动城市物流车整车", "36")],
             [("动力电池包", "采购新能源乘用车动力电池包，磷酸铁锂电芯，带 BMS", 5000, "套", "38"),
              ("驱动电机总成", "采购永磁同步驱动电机及控制器总成", 5000, "套", "38"),
              ("汽车线束", "采购整车高低压线束", 5000, "套", "38")]),
    "充换电设施": ([("直流快充桩", "120kW 直流快充充电桩，含运营平台", "38")],
              [("储能电池柜", "采购磷酸铁锂储能电池柜，用于光储充一体化充电站", 40, "台", "38")]),
    "原料药与中间体": ([("头孢类原料药", "头孢类抗生素原料药及医药中间体，GMP 认证", "27")], []),
    "创新药研发": ([("CRO 临床前研究服务", "创新药临床前药理毒理研究服务", "73")],
              [("医药中间体", "采购头孢类医药中间体与原料药", 20, "吨", "27")]),
    "高端医疗器械": ([("医用导管", "医用高分子导管与输液器械", "35")],
                [("医用高分子材料", "采购医用级聚氨酯、硅胶高分子材料", 50, "吨", "29")]),
    "体外诊断": ([("化学发光试剂", "化学发光免疫分析试剂盒", "27")], []),
    "医疗健康服务": ([], [("体外诊断试剂", "采购化学发光免疫分析试剂盒与检验服务", 20000, "盒", "27"),
                    ("医用耗材", "采购一次性医用导管与输液器械", 100000, "套", "35")]),
    "封装测试": ([("芯片封装测试服务", "集成电路封装与测试代工服务，QFN、BGA 封装", "39")], []),
    "新型显示": ([("OLED 显示模组", "柔性 OLED 显示模组，用于智能手机与车载显示", "39")],
             [("驱动芯片封装", "采购显示驱动芯片封装测试服务", 500, "万颗", "39")]),
    "通信模组": ([("5G 通信模组", "5G 工业通信模组，支持车联网", "39")], []),
    "智能终端": ([("智能平板终端", "行业智能平板终端", "39")],
             [("显示模组", "采购 OLED 显示模组，柔性屏", 200, "万片", "39"),
              ("通信模组", "采购 5G 通信模组", 50, "万片", "39")]),
    "软件与信息服务": ([("工业软件实施服务", "MES 制造执行系统与工业软件实施服务", "65")], []),
}
# Products of local firms outside any chain, so that the 本土产品 list has more than chain members.
GENERAL = [("瓦楞纸箱", "食品与电子产品瓦楞纸箱包装", "22"), ("工业气体", "高纯氮气、氩气与氧气供应", "26"),
           ("冷链物流服务", "医药与食品冷链仓储配送服务", "59"), ("钢结构厂房建设", "钢结构厂房设计与施工", "47")]
BOARDS = [
    ("园区擂台赛", "park", 1, [("signings", 30), ("landings", 10), ("starts", 20), ("investment", 20),
                          ("punctuality", 20)], 60),
    ("部门擂台赛", "department", 3, [("solved", 40), ("on_time", 40), ("punctuality", 20)], 60),
]


def seed_matchmaking(*, seed=2026, today=None) -> dict:
    """Write the demo listings, one event with its outcomes and the two boards; returns their counts."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    industries = {row.code: row for row in Industry.objects.filter(code__regex=r"^\d")}
    offerings, needs = [], []
    members = list(ChainMember.objects.select_related("segment", "enterprise").order_by("pk"))
    for member in members:
        products, wanted = CATALOGUE.get(member.segment.name, ([], []))
        for name, description, code in products[: rng.randint(1, 2)]:
            offerings.append(actions.save_offering(actor=coordinator, publish=True, data={
                "enterprise": member.enterprise, "kind": "service" if "服务" in name else "product", "name": name,
                "description": f"{member.enterprise.name[:6]}{description}", "industry": industries.get(code),
                "capacity": rng.choice(["年产 2 万吨", "年产 50 万套", "月供 10 万只", ""]),
                "certifications": rng.choice(["ISO 9001", "IATF 16949", "GMP", ""])}))
        if wanted and rng.random() < 0.6:
            name, description, quantity, unit, code = rng.choice(wanted)
            needs.append(actions.save_need(actor=coordinator, publish=True, data={
                "enterprise": member.enterprise, "kind": "part", "name": name, "description": description,
                "industry": industries.get(code), "quantity": Decimal(quantity), "quantity_unit": unit,
                "needed_by": today + dt.timedelta(days=rng.randint(30, 120))}))
    placed = {member.enterprise_id for member in members}
    others = list(Enterprise.objects.exclude(pk__in=placed).order_by("pk")[:len(GENERAL) * 3])
    for number, enterprise in enumerate(others):
        name, description, code = GENERAL[number % len(GENERAL)]
        offerings.append(actions.save_offering(actor=coordinator, publish=number % 5 != 4, data={
            "enterprise": enterprise, "kind": "service" if "服务" in name else "product", "name": name,
            "description": description, "industry": industries.get(code), "capacity": "", "certifications": ""}))
    events, outcomes = _event(rng, today, coordinator, offerings, needs)
    dated = _date_submissions(rng, today)
    for name, kind, red_top, weights, black_below in BOARDS:
        board_actions.save_board(actor=coordinator, data={
            "name": name, "unit_kind": kind, "red_top": red_top, "red_min_score": Decimal(60), "black_bottom": 1,
            "black_below": Decimal(black_below)}, weights=dict(weights))
    return {"offerings": len(offerings), "needs": len(needs), "events": events, "outcomes": outcomes,
            "boards": len(BOARDS), "dated_reports": dated}


def _date_submissions(rng, today):
    """The demo's sent reports carry the seeding time; date them around their deadline instead (most a few days
    early, some late — more often in some parks than others), so that 月报按时报送率 tells units apart."""
    from tuijin.progress.models import MonthlyReport, ReportStatus
    from tuijin.progress.services import report_deadline

    late_share = {}
    reports = list(MonthlyReport.objects.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
                   .select_related("project").only("pk", "year", "month", "submitted_at", "project__park_id"))
    for report in reports:
        share = late_share.setdefault(report.project.park_id, rng.choice([0.05, 0.15, 0.3, 0.45]))
        deadline = report_deadline(report.year, report.month)
        days = rng.randint(1, 12) if rng.random() < share else -rng.randint(0, 4)
        sent = dt.datetime.combine(deadline + dt.timedelta(days=days), dt.time(10), tzinfo=timezone.get_current_timezone())
        report.submitted_at = min(sent, timezone.now())
    MonthlyReport.objects.bulk_update(reports, ["submitted_at"], batch_size=2000)
    return len(reports)


def _event(rng, today, coordinator, offerings, needs):
    """Last month's 新能源汽车 对接会: its chain's suppliers and buyers invited, two intents and two orders."""
    chain = IndustryChain.objects.filter(name="新能源汽车").first()
    held = today.replace(day=1) - dt.timedelta(days=12)
    event = actions.save_event(actor=coordinator, data={
        "title": "新能源汽车产业链产销对接会", "held_on": held, "location": "区会展中心 2 号厅", "chain": chain,
        "status": "held", "note": "围绕动力电池、电驱动与整车配套，组织链上企业面对面对接。"})
    in_chain = {m.enterprise_id for m in ChainMember.objects.filter(segment__chain=chain)} if chain else set()
    chain_offerings = [o for o in offerings if o.enterprise_id in in_chain]
    chain_needs = [n for n in needs if n.enterprise_id in in_chain]
    if not chain_offerings or not chain_needs:
        return 1, 0
    actions.invite(event, actor=coordinator, suppliers=list({o.enterprise for o in chain_offerings}),
                   buyers=list({n.enterprise for n in chain_needs}))
    count = 0
    for number, need in enumerate(chain_needs[:4]):
        supplier = next((o for o in chain_offerings if o.enterprise_id != need.enterprise_id), None)
        if supplier is None:
            continue
        order = number % 2 == 0
        actions.record_outcome(event, actor=coordinator, data={
            "supplier": supplier.enterprise, "buyer": need.enterprise, "offering": supplier, "need": need,
            "kind": OutcomeKind.ORDER if order else OutcomeKind.INTENT,
            "amount": Decimal(rng.choice([680, 1200, 2350, 4800])) if order else None,
            "recorded_on": held + dt.timedelta(days=number * 9), "note": ""})
        chain_offerings.append(chain_offerings.pop(0))
        count += 1
    return 1, count
