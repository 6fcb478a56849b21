"""The demo district behind ``manage.py seed_demo``: a fictional 锦江新区 that looks lived in.

A newcomer logs in as any role and should find every stage populated, dates that agree with
each project's stage, valid USCCs and 投资项目统一代码, a history behind the projects and a
department (住建局) that owns a good share of the work. Everything is drawn from one
``random.Random(seed)``, so a seed always gives the same district. Rows are computed in Python
first and written with ``bulk_create`` in one transaction, so 50,000 projects take seconds and a
failure leaves nothing half written.
"""

import datetime as dt
import random
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind, Role, User
from tuijin.enterprises.models import Enterprise, Industry, Scale
from tuijin.lib.uscc import CHARSET, make_uscc
from tuijin.projects.models import (
    STAGE_MILESTONE, STAGE_ORDER, Category, EventKind, Level, Milestone, Project, ProjectEvent, Stage,
)

DEMO_PASSWORD = "tuijin2026"
BATCH = 2000
DISTRICT = "锦江新区"  # fictional
DIVISION = "510115"  # the district's administrative division code in every generated code
OTHER_DIVISIONS = ["510100", "510104", "510107", "510112"]  # enterprises registered elsewhere in the city
CENTRE = (30.60, 104.10)
BUREAUS = [("发展和改革局", "发改局"), ("投资促进局", "投促局"), ("经济和信息化局", "经信局")]
# name, short name, map centre, the industry chains the park hosts
PARKS = [
    ("锦江高新技术产业园", "高新园", (30.63, 104.05), ["电子信息", "医药健康", "智能制造"]),
    ("锦江临港经济开发区", "临港开发区", (30.56, 104.16), ["新能源汽车", "新材料", "智能制造"]),
    ("锦江现代物流园", "物流园", (30.66, 104.15), ["现代物流"]),
]
PARK_WEIGHTS = [0.4, 0.35, 0.25]
DEPARTMENTS = [
    ("自然资源和规划局", "自然资源局"), ("住房和城乡建设局", "住建局"), ("生态环境局", ""), ("市场监督管理局", "市场监管局"),
    ("行政审批局", "审批局"), ("人力资源和社会保障局", "人社局"), ("交通运输局", "交通局"), ("水务局", ""),
    ("教育局", ""), ("卫生健康局", "卫健局"), ("国家税务总局锦江新区税务局", "税务局"),
    ("锦江新区供电公司", "供电公司"), ("锦江新区供水公司", "供水公司"), ("锦江新区燃气公司", "燃气公司"),
]
# 包保单位 weights by category; 住建局 gets about a quarter of everything so the `dept` account has work.
UNIT_WEIGHTS = {
    Category.INDUSTRIAL: {"经济和信息化局": 3, "住房和城乡建设局": 2.5, "投资促进局": 2, "自然资源和规划局": 1,
                          "生态环境局": 0.5, "市场监督管理局": 0.5, "行政审批局": 0.5},
    Category.INFRASTRUCTURE: {"住房和城乡建设局": 4, "交通运输局": 3, "水务局": 2, "锦江新区供电公司": 0.5,
                              "锦江新区燃气公司": 0.5, "自然资源和规划局": 0.5},
    Category.PUBLIC_SERVICE: {"住房和城乡建设局": 3, "教育局": 2, "卫生健康局": 2, "人力资源和社会保障局": 0.5},
}
# chain -> ([(industry code, words for enterprise names)], [(product, unit) for "年产…" project names])
CHAINS = {
    "新能源汽车": ([("36", ["汽车零部件", "新能源汽车"]), ("38", ["电池", "新能源科技", "电气"])],
              [("锂电池正极材料", "万吨"), ("动力电池", "GWh"), ("新能源汽车电驱动系统", "万套"), ("汽车轻量化零部件", "万件"),
               ("智能充电桩", "万台")]),
    "医药健康": ([("27", ["制药", "生物医药"]), ("35", ["医疗器械", "医疗科技"])],
             [("创新药制剂", "亿片"), ("高端医用耗材", "万件"), ("体外诊断试剂", "万盒"), ("中药配方颗粒", "吨"),
              ("医学影像设备", "台")]),
    "电子信息": ([("39", ["电子科技", "微电子", "光电科技"]), ("65", ["信息技术", "软件", "数据科技"])],
             [("集成电路封装测试", "亿颗"), ("新型显示模组", "万片"), ("5G通信模组", "万套"), ("智能传感器", "万只"),
              ("服务器整机", "万台")]),
    "智能制造": ([("34", ["智能装备", "机械"]), ("35", ["专用设备", "自动化科技"]), ("40", ["仪器仪表", "精密仪器"])],
             [("工业机器人", "台"), ("高档数控机床", "台"), ("智能成套装备", "台套"), ("精密减速器", "万台"),
              ("激光加工设备", "台")]),
    "新材料": ([("26", ["化工", "新材料"]), ("30", ["新材料", "玻璃"]), ("32", ["铝业", "金属材料"])],
            [("高性能复合材料", "万吨"), ("电子化学品", "万吨"), ("特种玻璃", "万平方米"), ("高端铝合金型材", "万吨")]),
    "现代物流": ([("59", ["仓储服务", "供应链管理"]), ("58", ["物流", "国际货运代理"]), ("54", ["运输", "冷链物流"])], []),
}
# State-owned platform companies own the roads, schools and hospitals (name, industry code).
PLATFORMS = [("锦江新区城市建设投资集团有限公司", "48"), ("锦江新区教育投资发展有限公司", "78"),
             ("锦江新区产业投资集团有限公司", "72"), ("锦江新区水务投资有限公司", "46")]
CITY, EDUCATION, INDUSTRY, WATER = range(4)  # which platform owns each kind of government project
GOVERNMENT_NAMES = {
    Category.INFRASTRUCTURE: [
        ("{road}路市政道路工程", CITY), ("{road}大道（{road2}路至{road3}路段）改造工程", CITY),
        ("{area}片区雨污分流改造工程", WATER), ("{area}污水处理厂{phase}工程", WATER), ("{area}110千伏输变电工程", CITY),
        ("{area}片区供水管网改造工程", WATER), ("{area}综合管廊工程", CITY), ("{area}标准化厂房{phase}", INDUSTRY),
        ("{area}天然气储配站项目", CITY)],
    Category.PUBLIC_SERVICE: [
        ("{district}{area}实验小学新建项目", EDUCATION), ("{district}第{n}中学新建项目", EDUCATION),
        ("{area}幼儿园新建项目", EDUCATION), ("{area}九年一贯制学校新建项目", EDUCATION),
        ("{area}社区卫生服务中心建设项目", CITY), ("区人民医院{area}院区建设项目", CITY),
        ("{area}片区安置房建设项目{phase}", CITY), ("{area}养老服务综合体项目", CITY), ("{area}公园建设项目", CITY),
        ("{area}全民健身中心建设项目", CITY)],
}
NAME_PREFIXES = ["成都", "四川", "锦江"]
ZIHAO_1 = "瑞华鑫德恒盛远博创泰宏嘉安康源联达信诚金天海佳凯新星润中科英"
ZIHAO_2 = "华泰达晟通科宇锐辰丰铭航昊禾弘耀晖川峰立成祥和欣锦捷拓邦晶"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任"
GIVEN = "伟芳敏静丽强磊军洋勇艳杰涛明超秀霞平刚英华玉萍红玲燕彬鹏辉志斌宇浩凯健俊帆旭宁峰婷雪琳"
ROADS = "天府 锦华 科创 临港 凤凰 云锦 兴业 创新 龙腾 金桥 望江 文星 翠柏 长兴 丰泽 瑞和 新民 青龙 白鹭 清泉".split()
AREAS = "东湖 西岭 南苑 北湾 金马 云龙 白鹤 柳溪 梧桐 新桥 桂湖 杏林 荷塘 凤鸣 龙潭 青杠".split()
PHASES = ["一期", "二期", "三期"]
SUSPEND_REASONS = ["企业资金链紧张，暂缓建设", "规划方案调整，待重新审批", "环评批复调整中", "市场变化，企业调整投资计划",
                   "用地手续尚未完善", "施工图设计变更"]
TERMINATE_REASONS = ["投资方撤回投资意向", "项目选址不符合国土空间规划", "企业经营困难，协议解除", "合作条件未达成一致",
                     "项目并入其他项目实施"]
STAGE_WEIGHTS = {Stage.PLANNING: 10, Stage.NEGOTIATING: 8, Stage.SIGNED: 6, Stage.REGISTERED: 5,
                 Stage.PREPARATION: 14, Stage.CONSTRUCTION: 26, Stage.COMPLETED: 8, Stage.OPERATING: 10,
                 Stage.AT_CAPACITY: 6, Stage.SUSPENDED: 4, Stage.TERMINATED: 3}
# Government-invested projects go straight from 谋划 to 前期手续 (no 在谈/签约/注册) and have no 达产.
PATHS = {Category.INDUSTRIAL: list(STAGE_ORDER),
         Category.INFRASTRUCTURE: [Stage.PLANNING, Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED,
                                   Stage.OPERATING]}
PATHS[Category.PUBLIC_SERVICE] = PATHS[Category.INFRASTRUCTURE]
INDUSTRIAL_SUSPENDABLE = [Stage.SIGNED, Stage.REGISTERED, Stage.PREPARATION, Stage.CONSTRUCTION]  # weights 1:1:3:5
SQUARE_METRES_PER_MU = 666.67


def _floor_area(mu, ratio_tenths):
    """Floor area from the land (亩) and a 容积率 in tenths: 万平方米 from 1 万 up, else 平方米."""
    square_metres = mu * SQUARE_METRES_PER_MU * ratio_tenths / 10
    return f"{square_metres / 10000:.1f}万平方米" if square_metres >= 10000 else f"{round(square_metres, -2):.0f}平方米"


# The bigger the project, the likelier it is a 省/市重点 (floor in 万元, weights).
LEVEL_WEIGHTS = [(100_000, {Level.PROVINCIAL: 35, Level.MUNICIPAL: 45, Level.DISTRICT: 20}),
                 (10_000, {Level.PROVINCIAL: 8, Level.MUNICIPAL: 35, Level.DISTRICT: 57}),
                 (0, {Level.MUNICIPAL: 8, Level.DISTRICT: 92})]
# Typical days from the previous milestone (COMPLETE depends on the size of the project).
MILESTONES = {category: [STAGE_MILESTONE[s] for s in path if s in STAGE_MILESTONE] for category, path in PATHS.items()}
GAPS = {Milestone.SIGN: (30, 180), Milestone.REGISTER: (20, 120), Milestone.PREPARATION: (10, 90),
        Milestone.START: (60, 330), Milestone.OPERATE: (20, 150), Milestone.CAPACITY: (120, 720)}
# (username, full name, role, organisation; None for the demo enterprise's user). The last four and
# `leader` are the 包保领导 that projects and enterprises are assigned to.
ACCOUNTS = [("admin", "系统管理员", Role.COORDINATOR, "发展和改革局"), ("leader", "王建国", Role.LEADER, DISTRICT),
            ("coordinator", "李晓梅", Role.COORDINATOR, "发展和改革局"), ("park", "张志远", Role.PARK_STAFF, PARKS[0][0]),
            ("dept", "刘芳", Role.DEPARTMENT_CLERK, "住房和城乡建设局"), ("enterprise", "陈东", Role.ENTERPRISE, None),
            ("zhaoqiang", "赵强", Role.LEADER, DISTRICT), ("sunli", "孙丽", Role.LEADER, DISTRICT),
            ("zhouhai", "周海", Role.LEADER, DISTRICT), ("wuming", "吴明", Role.LEADER, DISTRICT)]
OFFICIALS = ["leader", "zhaoqiang", "sunli", "zhouhai", "wuming"]


def reached_milestones(category, stage):
    """The milestones a project on the main line has passed on its way to ``stage``."""
    path = PATHS[category]
    return [STAGE_MILESTONE[s] for s in path[: path.index(stage) + 1] if s in STAGE_MILESTONE]


class NotEmpty(Exception):
    """The database already holds projects; demo data is only ever written into an empty one."""


def seed(*, projects=500, enterprises=None, seed=2026, progress=None):
    """Write the demo district and return counts; raise ``NotEmpty`` when any project exists."""
    rng = random.Random(seed)
    progress = progress or (lambda label, done, total: None)
    today = timezone.localdate()
    with transaction.atomic():
        existing = Project.objects.count()
        if existing:
            raise NotEmpty(existing)
        orgs = _organisations()
        password = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 per user would dominate a small seed
        users, kept = _users(orgs, password)
        industrial, platforms = _enterprises(rng, enterprises or max(300, int(projects * 0.6)), orgs, users, today)
        more_users, more_kept = _users(orgs, password, enterprise=industrial[0][0])
        users |= more_users
        builder = _ProjectBuilder(rng, today, orgs, users, industrial, platforms)
        rows = [builder.build(i) for i in range(projects)]
        _assign_codes(rows)
        with _given_timestamps(Project, ProjectEvent):
            _bulk(Project, [project for project, _ in rows], "项目", progress)
            events = [event for project, history in rows for event in _events(project, history)]
            _bulk(ProjectEvent, events, "变更记录", progress)
    return {"organisations": len(orgs), "users": len(users), "enterprises": len(industrial) + len(platforms),
            "projects": len(rows), "events": len(events), "existing_users": kept + more_kept}


def _bulk(model, objects, label, progress):
    """Insert in batches, reporting progress after each; bulk_create sets the pks the events need."""
    for start in range(0, len(objects), BATCH):
        model.objects.bulk_create(objects[start:start + BATCH], batch_size=BATCH)
        progress(label, min(start + BATCH, len(objects)), len(objects))


@contextmanager
def _given_timestamps(*models):
    """Let ``bulk_create`` keep the historic created_at/updated_at we computed instead of stamping "now".

    Without this every project would look created today and the history pages would be meaningless.
    The flags are restored even on error; seeding is a one-off command, not a request handler.
    """
    saved = [(f, f.auto_now, f.auto_now_add) for m in models for f in m._meta.concrete_fields
             if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for f, _, _ in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _organisations():
    """The tree: district → bureaus, parks, departments; existing rows with the same name are reused."""
    district, _ = Organisation.objects.get_or_create(
        name=DISTRICT, defaults={"short_name": "新区", "kind": OrganisationKind.DISTRICT, "sort_order": 0})
    specs = [(name, short, OrganisationKind.BUREAU) for name, short in BUREAUS]
    specs += [(name, short, OrganisationKind.PARK) for name, short, _, _ in PARKS]
    specs += [(name, short, OrganisationKind.DEPARTMENT) for name, short in DEPARTMENTS]
    orgs = {DISTRICT: district}
    for order, (name, short, kind) in enumerate(specs, start=1):
        orgs[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "parent": district, "sort_order": order * 10})
    return orgs


def _users(orgs, password, enterprise=None):
    """Create the demo accounts (just the enterprise's user when ``enterprise`` is given); keep existing ones."""
    users, kept = {}, []
    for username, full_name, role, org_name in ACCOUNTS:
        if (org_name is None) != (enterprise is not None):
            continue
        user = User.objects.filter(username=username).first()
        if user is not None:
            kept.append(username)
        else:  # save() derives is_staff from the role
            user = User(username=username, full_name=full_name, role=role, password=password,
                        organisation=orgs.get(org_name), enterprise=enterprise, is_superuser=username == "admin")
            user.save()
        users[username] = user
    return users, kept


def _person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))


def _phone(rng):
    return "1" + rng.choice(["38", "39", "58", "59", "80", "86", "89"]) + f"{rng.randrange(10 ** 8):08d}"


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _enterprises(rng, count, orgs, users, today):
    """Platform companies plus industrial enterprises with unique names and USCCs.

    Returns ([(enterprise, chain)], platforms); the first industrial one, medium-sized in the first
    park, belongs to the ``enterprise`` demo account.
    """
    taken_uscc = set(Enterprise.objects.values_list("uscc", flat=True))
    taken_names = set(Enterprise.objects.values_list("name", flat=True))
    industries = {i.code: i for i in Industry.objects.filter(code__regex=r"^\d")}
    officials = [users[u] for u in OFFICIALS]
    parks = [orgs[p[0]] for p in PARKS]

    def uscc():  # 9 (工商) 1 (企业) + division + 9-character organisation code + check character
        while True:
            division = DIVISION if rng.random() < 0.8 else rng.choice(OTHER_DIVISIONS)
            body = "".join(rng.choices(CHARSET, k=9))
            if rng.random() < 0.6:  # most codes issued since 2015 start with MA
                body = "MA" + body[2:]
            if (code := make_uscc("91" + division + body)) not in taken_uscc:
                taken_uscc.add(code)
                return code

    def address(park_index):
        place = PARKS[park_index][1] if park_index is not None else rng.choice(AREAS) + "街道"
        return f"四川省成都市{DISTRICT}{place}{rng.choice(ROADS)}{rng.choice(['路', '大道', '街'])}{rng.randint(1, 999)}号"

    existing = {e.name: e for e in Enterprise.objects.filter(name__in=[name for name, _ in PLATFORMS])}
    platforms = [existing.get(name) or Enterprise(
        name=name, uscc=uscc(), industry=industries[code], scale=Scale.LARGE, address=address(None),
        established_on=dt.date(2012 + n, 3, 18), legal_representative=_person(rng), contact_person=_person(rng),
        contact_phone=_phone(rng), responsible_unit=orgs["发展和改革局"]) for n, (name, code) in enumerate(PLATFORMS)]
    taken_names.update(name for name, _ in PLATFORMS)
    rows = []
    while len(rows) < max(1, count - len(PLATFORMS)):
        first = not rows
        park_index = 0 if first else (rng.choices(range(3), PARK_WEIGHTS)[0] if rng.random() < 0.85 else None)
        chain = rng.choice(PARKS[park_index][3] if park_index is not None else list(CHAINS))
        code, words = rng.choice(CHAINS[chain][0])
        for attempt in range(1000):  # a third character in the 字号 once two-character ones run short
            zihao = rng.choice(ZIHAO_1) + rng.choice(ZIHAO_2) + (rng.choice(ZIHAO_2) if attempt > 20 else "")
            suffix = "股份有限公司" if rng.random() < 0.15 else "有限公司"
            name = f"{rng.choice(NAME_PREFIXES)}{zihao}{rng.choice(words)}{suffix}"
            if name not in taken_names and zihao[0] != zihao[1]:
                break
        taken_names.add(name)
        scale = Scale.MEDIUM if first else _weighted(rng, {Scale.LARGE: 5, Scale.MEDIUM: 20, Scale.SMALL: 50,
                                                            Scale.MICRO: 25})
        rows.append((Enterprise(
            name=name, uscc=uscc(), industry=industries[code], scale=scale, address=address(park_index),
            established_on=today - dt.timedelta(days=rng.randint(200, 365 * 25)),
            legal_representative=_person(rng), contact_person=_person(rng), contact_phone=_phone(rng),
            park=parks[park_index] if park_index is not None else None,
            responsible_official=rng.choice(officials) if rng.random() < 0.3 else None,
            responsible_unit=orgs[_weighted(rng, UNIT_WEIGHTS[Category.INDUSTRIAL])],
        ), chain))
    Enterprise.objects.bulk_create([e for e in platforms if e.pk is None] + [e for e, _ in rows], batch_size=BATCH)
    return rows, platforms


class _ProjectBuilder:
    """Draws one project at a time: category, stage, owner, money, names, and dates that fit the stage."""

    def __init__(self, rng, today, orgs, users, industrial, platforms):
        self.rng, self.today, self.now = rng, today, timezone.now()
        self.orgs, self.users, self.industrial, self.platforms = orgs, users, industrial, platforms
        self.parks = [orgs[p[0]] for p in PARKS]
        self.officials = [users[u] for u in OFFICIALS]
        self.names = set()  # project names used so far, to keep them distinct while that is easy
        self.national_serials = {}
        self.stats_serial = rng.randint(1000, 5000)

    def build(self, i):
        """Return (unsaved Project, history). The first projects are pinned so small seeds show everything."""
        rng = self.rng
        if i < 3:  # the demo enterprise's own projects, in the first park
            category, stage = Category.INDUSTRIAL, [Stage.CONSTRUCTION, Stage.PREPARATION, Stage.OPERATING][i]
        elif i < 3 + len(Stage):  # every stage at least once
            category, stage = Category.INDUSTRIAL, list(Stage)[i - 3]
        else:
            category = _weighted(rng, {Category.INDUSTRIAL: 75, Category.INFRASTRUCTURE: 15,
                                       Category.PUBLIC_SERVICE: 10})
            stage = _weighted(rng, STAGE_WEIGHTS)
        path = PATHS[category]
        if stage not in path and stage not in (Stage.SUSPENDED, Stage.TERMINATED):
            stage = Stage.OPERATING if stage == Stage.AT_CAPACITY else rng.choice([Stage.PLANNING, Stage.PREPARATION])
        before = ""  # the main-line stage a suspended or terminated project left
        if stage == Stage.SUSPENDED:  # between signing and completion (lifecycle.SUSPENDABLE)
            suspendable = {s: w for s, w in zip(INDUSTRIAL_SUSPENDABLE, (1, 1, 3, 5)) if s in path}
            before = _weighted(rng, suspendable)
        elif stage == Stage.TERMINATED:  # nothing already built is terminated (lifecycle.TERMINABLE)
            before = rng.choice(path[:path.index(Stage.CONSTRUCTION) + 1])
        line_stage = before or stage

        investment = self._investment()
        if category == Category.INDUSTRIAL:
            enterprise, chain, park = self._owner(i < 3, line_stage)
            name = self._unique(lambda: self._industrial_name(chain, enterprise))
        else:
            template, platform = rng.choice(GOVERNMENT_NAMES[category])
            name = self._unique(lambda: self._fill(template))
            enterprise, chain = self.platforms[platform], ""
            park = rng.choice(self.parks) if rng.random() < 0.4 else None
        reached = reached_milestones(category, line_stage)
        planned, actual = self._dates(category, reached, investment, long_ago=bool(before))
        p = Project(
            name=name, enterprise=enterprise, park=park, industry_chain=chain, category=category, stage=stage,
            level=_weighted(rng, next(w for floor, w in LEVEL_WEIGHTS if investment >= floor)),
            total_investment=investment, description=self._description(category, investment),
            suspended_from=before if stage == Stage.SUSPENDED else "",
            responsible_official=rng.choice(self.officials) if investment >= 10000 or rng.random() < 0.5 else None,
            responsible_unit=self.orgs[_weighted(rng, UNIT_WEIGHTS[category])],
        )
        p.latitude, p.longitude = self._position(park, line_stage)
        for m, value in planned.items():
            setattr(p, f"planned_{m}_date", value)
        for m, value in actual.items():
            setattr(p, f"actual_{m}_date", value)
        if Milestone.START in actual:
            p.construction_permit_no = f"{DIVISION}{actual[Milestone.START]:%Y%m%d}{rng.randint(1, 99):02d}01"
            filed = actual[Milestone.START] + dt.timedelta(days=rng.randint(5, 60))
            if rng.random() < 0.9 and filed <= self.today:  # ~10 % left unfiled: the 应统尽统 gap
                self.stats_serial += rng.randint(1, 9)
                p.stats_filed_on, p.stats_code = filed, f"{DIVISION}{filed.year}{self.stats_serial:06d}"
        p.national_code = self._national_code(p, actual)
        history = self._history(p, stage, before, actual)
        history["actor"] = self.users["park"] if park == self.parks[0] else self.users["coordinator"]
        return p, history

    def _investment(self):
        """Log-normal total investment in 万元 between 500 万 and 50 亿, about 30 % at 1 亿 or more."""
        while not 500 <= (value := self.rng.lognormvariate(8.16, 1.7)) <= 500_000:
            pass
        if self.rng.random() < 0.7:  # most are round figures, as people report them
            value = round(value, -2 if value >= 5000 else -1)
        return Decimal(f"{value:.2f}")

    def _owner(self, demo, stage):
        """(enterprise, chain, park): 谋划 projects have no investor yet, and half the 在谈 ones none local."""
        rng, others = self.rng, len(self.industrial) - 1
        if demo or not others:
            enterprise, chain = self.industrial[0]
        else:  # skewed to the front so some enterprises run several projects; the demo one keeps its three
            enterprise, chain = self.industrial[1 + int(others * rng.random() ** 1.6)]
        if stage == Stage.PLANNING or (stage == Stage.NEGOTIATING and rng.random() < 0.5):
            return None, chain, enterprise.park if rng.random() < 0.9 else None
        return enterprise, chain, enterprise.park

    def _unique(self, make):
        """A project name not used yet, if a few draws find one (large districts repeat some, as real ones do)."""
        for _ in range(5):
            if (name := make()) not in self.names:
                break
        self.names.add(name)
        return name

    def _fill(self, template):
        rng = self.rng
        return template.format(district=DISTRICT, road=rng.choice(ROADS), road2=rng.choice(ROADS),
                               road3=rng.choice(ROADS), area=rng.choice(AREAS), phase=rng.choice(PHASES),
                               n=rng.randint(2, 30))

    def _industrial_name(self, chain, enterprise):
        rng = self.rng
        short, phase = enterprise.name[2:4] if enterprise else rng.choice(AREAS), rng.choice(PHASES)
        if chain == "现代物流":
            return rng.choice([f"{short}冷链物流中心项目", f"{short}智慧物流园{phase}", f"{short}西南区域分拨中心项目",
                               f"{short}保税仓储项目", f"{short}多式联运集散中心项目"])
        product, unit = rng.choice(CHAINS[chain][1])
        amount = rng.choice([1, 2, 3, 5, 8, 10, 12, 15, 20, 30, 50, 100, 200, 500])
        return rng.choice([f"年产{amount}{unit}{product}项目", f"{short}{product}生产基地项目", f"{short}{chain}产业园{phase}",
                           f"{product}研发及产业化项目", f"{short}西南总部及研发中心项目", f"{short}{product}技改扩能项目"])

    def _description(self, category, investment):
        rng = self.rng
        mu = max(10, int(investment / rng.randint(150, 500)))  # 投资强度 150–500 万元/亩
        if category == Category.INDUSTRIAL:
            return (f"项目总用地约{mu}亩，新建生产厂房、研发中心及配套设施约{_floor_area(mu, rng.randint(6, 12))}"
                    f"，购置先进生产设备{rng.randint(20, 800)}台（套）。")
        if category == Category.INFRASTRUCTURE:
            return f"建设主体工程及给排水、电力、照明、绿化等配套工程，计划工期{rng.randint(12, 36)}个月。"
        return f"项目总用地约{mu}亩，总建筑面积约{_floor_area(mu, rng.randint(6, 15))}，同步建设配套设施。"

    def _position(self, park, stage):
        """Clustered around the park's centre, else anywhere in the district; some 谋划 projects are unsited."""
        rng = self.rng
        if stage == Stage.PLANNING and rng.random() < 0.1:
            return None, None
        if park is not None:
            lat, lng = PARKS[self.parks.index(park)][2]
            lat, lng = lat + rng.gauss(0, 0.012), lng + rng.gauss(0, 0.012)
        else:
            lat, lng = CENTRE[0] + rng.uniform(-0.1, 0.1), CENTRE[1] + rng.uniform(-0.1, 0.1)
        lat, lng = (min(max(v, c - 0.1), c + 0.1) for v, c in zip((lat, lng), CENTRE))
        return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")

    def _gap(self, milestone, investment):
        """Typical days from the previous milestone to ``milestone``; big projects take longer to build."""
        if milestone == Milestone.COMPLETE:
            low, high = (180, 420) if investment < 5000 else (300, 720) if investment < 50_000 else (540, 1100)
        else:
            low, high = GAPS[milestone]
        return self.rng.randint(low, high)

    def _dates(self, category, reached, investment, long_ago=False):
        """Planned dates for every milestone (strictly increasing) and actual dates for the reached ones.

        The last reached milestone lies in the past (further for side states), the earlier ones step
        back from it by typical gaps; plans are the actuals minus a slip, mostly late, and the plans
        for milestones not reached continue from the last plan, so some of them are overdue.
        """
        rng, today, days = self.rng, self.today, dt.timedelta
        milestones = MILESTONES[category]
        actual = {}
        if reached:
            if long_ago:
                dwell = rng.randint(60, 700)
            elif len(reached) < len(milestones):
                dwell = int(self._gap(milestones[len(reached)], investment) * rng.uniform(0.05, 1.2))
            else:
                dwell = rng.randint(30, 900)
            when = today - days(max(1, dwell))
            for m in reversed(reached):
                actual[m] = when
                when -= days(self._gap(m, investment))
        planned, previous = {}, None
        for m in milestones:
            if m in actual:
                value = actual[m] - days(rng.randint(0, 120) if rng.random() < 0.65 else -rng.randint(1, 30))
            elif previous is None:
                value = today + days(rng.randint(-60, 360))
            else:
                value = previous + days(self._gap(m, investment))
            if previous is not None and value <= previous:
                value = previous + days(rng.randint(7, 30))
            planned[m] = previous = value
        return planned, actual

    def _national_code(self, p, actual):
        """投资项目统一代码, given at 立项/备案: most projects in 前期手续 or later, a few signed ones."""
        rng = self.rng
        if Milestone.PREPARATION in actual:
            year = actual[Milestone.PREPARATION].year if rng.random() < 0.85 else None
        elif actual:
            year = max(actual.values()).year if rng.random() < 0.2 else None
        else:
            year = None
        if year is None:
            return ""
        year, division = min(max(year, 2019), self.today.year), DIVISION if rng.random() < 0.85 else "510100"
        if p.category == Category.INDUSTRIAL:
            industry = p.enterprise.industry.code
        else:
            industry = "48" if p.category == Category.INFRASTRUCTURE else rng.choice(["47", "83", "84"])
        serial = self.national_serials.get((year, division), rng.randint(1, 3000)) + rng.randint(1, 7)
        self.national_serials[(year, division)] = serial
        return f"{year}-{division}-{industry}-{rng.choice(['01', '02', '03'])}-{serial:06d}"

    def _at(self, day, hour):
        moment = dt.datetime.combine(day, dt.time(hour, self.rng.randint(0, 59)))
        return min(timezone.make_aware(moment), self.now)

    def _history(self, p, stage, before, actual):
        """Set created_at/stage_changed_at/updated_at/version; return what the events should say.

        Side states and ~22 % of the others get a second event (the move into the current stage);
        the rest were entered into the system at their current stage.
        """
        rng, days = self.rng, dt.timedelta

        def entered(s):
            return actual.get(STAGE_MILESTONE.get(s))

        if before:
            last = entered(before)
            since = (self.today - last).days if last else 0
            if since > 1:
                changed_on = last + days(rng.randint(1, since - 1))
            else:
                changed_on = self.today - days(rng.randint(10, 600))
            source = before
        else:
            changed_on = entered(stage) or self.today - days(rng.randint(10, 700))
            path = PATHS[p.category]
            source = path[path.index(stage) - 1] if stage != Stage.PLANNING and rng.random() < 0.22 else None
        p.stage_changed_at = self._at(changed_on, rng.randint(10, 17))
        if source is None:
            created_on = changed_on if stage == Stage.PLANNING else min(changed_on + days(rng.randint(0, 20)),
                                                                        self.today)
            p.created_at = p.updated_at = max(self._at(created_on, 9), p.stage_changed_at)
            p.version = 1
            return {"created_to": stage, "change": None}
        lower = entered(source) or changed_on - days(rng.randint(30, 400))
        created_on = lower + days(rng.randint(0, max(0, (changed_on - lower).days)))
        p.created_at, p.updated_at = min(self._at(created_on, 9), p.stage_changed_at), p.stage_changed_at
        p.version = 2
        if stage in (Stage.SUSPENDED, Stage.TERMINATED):
            suspended = stage == Stage.SUSPENDED
            kind = EventKind.SUSPENDED if suspended else EventKind.TERMINATED
            evidence = {"reason": rng.choice(SUSPEND_REASONS if suspended else TERMINATE_REASONS)}
        else:
            kind, evidence = EventKind.STAGE_CHANGED, {}
            if stage in STAGE_MILESTONE:
                evidence["date"] = changed_on.isoformat()
            if stage == Stage.CONSTRUCTION:
                evidence["permit_no"] = p.construction_permit_no
        return {"created_to": source, "change": (kind, source, stage, evidence)}


def _assign_codes(rows):
    """项目编号 XM{year}-{serial:05d}, numbered per year in order of creation like the app does."""
    serials = {}
    for project, _ in sorted(rows, key=lambda row: row[0].created_at):
        year = timezone.localtime(project.created_at).year
        serials[year] = serials.get(year, 0) + 1
        project.code = f"XM{year}-{serials[year]:05d}"


def _events(project, history):
    """The CREATED event, and the move into the current stage when there is one, once the project has a pk."""
    actor = history["actor"]
    events = [ProjectEvent(project=project, kind=EventKind.CREATED, actor=actor, to_stage=history["created_to"],
                           created_at=project.created_at, version=1)]
    if history["change"]:
        kind, source, target, evidence = history["change"]
        events.append(ProjectEvent(project=project, kind=kind, actor=actor, from_stage=source, to_stage=target,
                                   evidence=evidence, created_at=project.stage_changed_at, version=2))
    return events
