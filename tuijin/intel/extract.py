"""Project facts from the text of a Chinese news report or announcement: rules over sentences and clauses.

Why rules and not a model: the reports follow a small set of phrasings (总投资约15.6亿元, 占地约86亩, 3月18日…签约),
the facts must carry exact character spans for the review page, the whole thing must run at hundreds of
articles a second on one core with no model download, and a bureau can read why a figure was taken.

The pass over an article:
1. sentences (。！？ and line ends) and their clauses (，；);
2. project names: a run of name characters before 项目, cut at the last function word or verb, with generic
   phrases (该项目, 亿元以上项目, 重大项目, 签约项目12个) refused; a shorter name whose characters appear in order in
   a longer one (a headline) is the same project;
3. money, areas, capacity and companies are matched and attached to the nearest project named before them in
   the sentence (or just after them through 的: 总投资50亿元的X项目), else to the project the text is about;
4. a sentence about a region's totals (新签约亿元以上项目12个，协议总投资86.5亿元; 实际到位外资3.6亿元) gives
   indicators, never project facts;
5. events (签约 … 达产) that have happened — not 预计/计划/将, not 达产后 — attach to the names before them in the
   sentence (or after, when none precede); the latest stage wins; its date is the nearest date expression
   before it, resolved against the article's date (近日, 昨日, 上月28日, 今年3月, 3月18日, 当天).

Input is the simplified twin of the text (same length), so spans index the original. No Django imports.
"""

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from . import lexicon

NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零一二三四五六七八九]+)?)"
_SENTENCE = re.compile(r"(?:[^。！？!?\n…]|…(?!…))+(?:[。！？!?]|……)?")
_MONEY = re.compile(
    rf"(约|近|超过|超|逾|达到|达|突破|高达|不低于|不少于)?\s*({NUM})\s*(亿|万|千万|百万)?\s*(美元|欧元|港元|日元|元|人民币)"
    r"(以上|左右|多)?")
_AREA = re.compile(rf"(约|近|超过|超|逾|达)?\s*({NUM})\s*(万)?\s*(平方米|平方公里|㎡|平米|亩|公顷)(以上|左右|多)?")
_CAPACITY = re.compile(
    rf"年(?:产|生产|加工|处理|封装测试|仓储|吞吐)(?:能力)?[^，。；0-9]{{0,12}}?({NUM})\s*(亿|万|千)?\s*"
    r"(吨|套|台|辆|颗|剂|片|只|件|支|个|平方米|立方米|米|千瓦时|GWh|MW|吉瓦时|兆瓦|条|块|头|箱|盒)")
_COMPANY_SUFFIX = re.compile(r"股份有限公司|有限责任公司|有限公司|集团(?!有限|股份)")
_NAME_END = re.compile(r"项目")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·（）()\-]")
_COUNT_AFTER = re.compile(r"^\s*\d+\s*个|^个")
_ADMIN = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:省|自治区|市|州|盟|县|区|旗))")

_DATE_FULL = re.compile(r"(?:(20\d\d|今年|去年|明年)年?)?(\d{1,2})月(\d{1,2})[日号]")
_DATE_LAST_MONTH = re.compile(r"上月(\d{1,2})[日号]")
_DATE_MONTH = re.compile(r"(?:(20\d\d)年|(今年|去年))?(\d{1,2})月(?:份)?(?![\d日号])")
# Cheap gates: a sentence without any of these characters cannot hold a date or a figure.
_DATE_HINT = re.compile(r"[月日天前今昨当同]")
_FIGURE_HINT = re.compile(r"[\d零〇一二两三四五六七八九十百千]")
_THEN = re.compile(r"(?:[\u4e00-\u9fff]{0,2}(?:投产|达产|投用|运营))?[后前]")
_DATE_WORDS = {"近日": 0, "日前": 0, "近期": 0, "今天": 0, "今日": 0, "当天": None, "当日": None, "同日": None,
               "昨日": -1, "昨天": -1, "前天": -2, "前日": -2}
_DATE_WORD = re.compile("|".join(_DATE_WORDS))


@dataclass
class Fact:
    """One extracted figure or fact with its span on the text."""

    kind: str  # investment | output | tax | completed | land | floor | capacity | company | name | event | date
    text: str  # the words as written
    start: int
    end: int
    value: str = ""  # normalised value: 万 of the currency for money, 亩/平方米 for areas, ISO date, event name
    unit: str = ""  # CNY / USD / EUR …; 亩 / 平方米; the capacity's unit
    qualifier: str = ""  # 约 / 超 / 以上 / 近 / 逾 …


@dataclass
class Project:
    name: str
    name_span: tuple
    company: str = ""
    event: str = ""
    date: str = ""  # YYYY-MM-DD or YYYY-MM
    region: str = ""
    industry: str = ""  # GB/T 4754 大类 code guessed from the name
    facts: list = field(default_factory=list)

    def first(self, kind):
        return next((f for f in self.facts if f.kind == kind), None)


@dataclass
class Extraction:
    date: str
    region: str
    projects: list
    indicators: list

    def as_dict(self):
        return {"date": self.date, "region": self.region,
                "projects": [project_dict(p) for p in self.projects],
                "indicators": [asdict(f) for f in self.indicators]}


def project_dict(project: Project) -> dict:
    def figure(kind):
        fact = project.first(kind)
        return None if fact is None else {"value": fact.value, "unit": fact.unit, "qualifier": fact.qualifier,
                                          "text": fact.text, "span": [fact.start, fact.end]}
    return {
        "name": project.name, "span": list(project.name_span), "company": project.company, "event": project.event,
        "date": project.date or None, "region": project.region, "industry": project.industry,
        "investment": figure("investment"), "output": figure("output"), "land_area": figure("land"),
        "floor_area": figure("floor"), "capacity": figure("capacity"),
        "facts": [asdict(f) for f in project.facts],
    }


# ------------------------------------------------------------------------------------------ numbers

def number(text: str) -> Decimal | None:
    """'15.6', '1,200', '十二', '三点五' → Decimal; None when it is not a number."""
    text = text.replace(",", "")
    try:
        return Decimal(text)
    except Exception:
        pass
    try:
        import cn2an

        return Decimal(str(cn2an.cn2an(text, "smart")))
    except Exception:
        return None


_SCALE = {None: Decimal(1), "": Decimal(1), "万": Decimal(1), "亿": Decimal(10000), "千万": Decimal(1000),
          "百万": Decimal(100)}
_CURRENCY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "日元": "JPY"}


def _plain(value: Decimal) -> str:
    value = value.quantize(Decimal("0.01")).normalize()
    return format(value, "f")


def money_value(amount: Decimal, scale: str | None) -> Decimal:
    """To 万 of the currency: 亿 ×10000, 万 ×1, bare 元 ÷10000."""
    if scale is None:
        return amount / Decimal(10000)
    return amount * _SCALE[scale]


# ------------------------------------------------------------------------------------------ dates

def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def dates_in(sentence: str, offset: int, today: dt.date, context: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every date expression in the sentence, resolved against the article's date."""
    found = []
    taken = []
    for match in _DATE_FULL.finditer(sentence):
        year_word, month, day = match[1], int(match[2]), int(match[3])
        year = {"今年": today.year, "去年": today.year - 1, "明年": today.year + 1}.get(year_word) \
            or (int(year_word) if year_word else None)
        if year is None:  # no year: the latest such day not after the article (a report in January on 12月28日)
            year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        try:
            found.append((offset + match.start(), dt.date(year, month, day).isoformat()))
            taken.append(match.span())
        except ValueError:
            continue
    for match in _DATE_LAST_MONTH.finditer(sentence):
        year, month = _shift_month(today, -1)
        try:
            found.append((offset + match.start(), dt.date(year, month, int(match[1])).isoformat()))
            taken.append(match.span())
        except ValueError:
            continue
    for match in _DATE_MONTH.finditer(sentence):
        if any(a <= match.start() < b for a, b in taken):
            continue
        month = int(match[3])
        if not 1 <= month <= 12 or sentence[max(0, match.start() - 1):match.start()] in ("个", "第"):
            continue
        year = int(match[1]) if match[1] else (today.year - 1 if match[2] == "去年" else today.year)
        if not match[1] and not match[2] and month > today.month:
            year = today.year - 1
        found.append((offset + match.start(), f"{year:04d}-{month:02d}"))
    for match in _DATE_WORD.finditer(sentence):
        shift = _DATE_WORDS[match[0]]
        value = context if shift is None else (today + dt.timedelta(days=shift)).isoformat()
        if value:
            found.append((offset + match.start(), value))
    return sorted(found)


# ------------------------------------------------------------------------------------------ names

def _cut_name(run: str) -> str:
    """Cut a run of name characters after its last function word or verb (的, 还有, 举行, 签约 …)."""
    cut = 0
    for match in lexicon.NAME_STOP.finditer(run):
        cut = max(cut, match.end())
    name = run[cut:]
    match = lexicon.LEADING_PLACE.match(name)
    if match and len(name) - match.end() >= 6:
        name = name[match.end():]
    return name


def names_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every specific project name."""
    found = []
    for match in _NAME_END.finditer(text):
        end = match.end()
        start = match.start()
        while start > 0 and match.start() - start < 30 and _NAME_CHAR.match(text[start - 1]):
            start -= 1
        name = _cut_name(text[start:match.start()])
        start = match.start() - len(name)
        if len(name) < 3 or lexicon.GENERIC_NAME.search(name) or _COUNT_AFTER.match(text[end:end + 4]):
            continue
        if text[max(0, start - 2):start] == "举行":
            continue
        found.append((start, end, name + "项目"))
    return found


def _same_project(short: str, long: str) -> bool:
    """A headline's shorter name: its characters appear in order in the longer one, from the same start."""
    short, long = short.removesuffix("项目"), long.removesuffix("项目")
    if short == long:
        return True
    if len(short) > len(long) or short[:2] != long[:2]:
        return False
    position = 0
    for ch in short:
        position = long.find(ch, position)
        if position < 0:
            return False
        position += 1
    return True


# ------------------------------------------------------------------------------------------ the pass

def _events_in(sentence: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, event) of every event that has happened in the sentence (not planned, not 达产后)."""
    found = []
    for match in lexicon.EVENT.finditer(sentence):
        word = match[0]
        event = lexicon.EVENT_OF[word] if word in lexicon.EVENT_OF else lexicon.event_of(word)
        if event == "落位" and sentence[max(0, match.start() - 2):match.start()] in ("签约", "签订"):
            continue
        if _THEN.match(sentence, match.end()) and event != "在建":
            continue
        clause_start = max(sentence.rfind(p, 0, match.start()) for p in "，；、：")
        before = sentence[clause_start + 1:match.start()]
        if lexicon.FUTURE.search(before):
            continue
        found.append((offset + match.start(), offset + match.end(), event))
    return found


def _label(sentence: str, position: int) -> str:
    """The label (总投资, 年产值, 占地 …) closest before a figure, within its clause."""
    clause_start = max(sentence.rfind(p, 0, position) for p in "，；。：")
    window = sentence[max(clause_start + 1, position - 14):position]
    best, best_at = "", -1
    for match in lexicon.LABEL.finditer(window):
        if match.start() >= best_at:
            best, best_at = match[0], match.start()
    return best


def extract(text: str, today: dt.date, *, original: str | None = None) -> Extraction:
    """All projects and indicators of one article. ``text`` is simplified; ``original`` (same length) is shown."""
    original = original if original is not None else text
    assert len(original) == len(text), "the simplified twin must keep the original's length"
    projects: dict[str, Project] = {}
    order: list[str] = []
    indicators: list[Fact] = []
    current: str | None = None
    context_date = today.isoformat()
    group_event: tuple | None = None  # (event, date) of a 集中签约/集中开工 sentence, for the 其中 that follows

    by_start: dict[str, list[str]] = {}  # names by their first two characters: only those can be the same project

    def project_for(name, span):
        if name in projects:
            return name
        for key in by_start.get(name[:2], ()):
            if _same_project(name, key) or _same_project(key, name):
                if len(name) > len(key):  # keep the fuller name (the headline was shorter)
                    project = projects.pop(key)
                    project.name, project.name_span = original[span[0]:span[1]], span
                    projects[name] = project
                    order[order.index(key)] = name
                    same = by_start[name[:2]]
                    same[same.index(key)] = name
                    return name
                return key
        projects[name] = Project(name=original[span[0]:span[1]], name_span=span)
        order.append(name)
        by_start.setdefault(name[:2], []).append(name)
        return name

    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match[0]
        offset = sentence_match.start()
        names = [(offset + s, offset + e, project_for(n, (offset + s, offset + e)))
                 for s, e, n in names_in(sentence)] if "项目" in sentence else []
        dates = dates_in(sentence, offset, today, context_date) if _DATE_HINT.search(sentence) else []
        figures = bool(_FIGURE_HINT.search(sentence))
        if dates:
            context_date = dates[-1][1] if len(dates[-1][1]) == 10 else context_date
        aggregate = bool(lexicon.AGGREGATE.search(sentence))

        def owner(position):
            """The project a figure at ``position`` belongs to: nearest name before it in the sentence, or the
            name it introduces (总投资50亿元的X项目), or the project the text is about."""
            before = [n for n in names if n[1] <= position]
            if before:
                return before[-1][2]
            after = [n for n in names if n[0] > position]
            if after and "的" in text[position:after[0][0]] and "，" not in text[position:after[0][0]]:
                return after[0][2]
            if aggregate:
                return None
            return current or (names[0][2] if names else None)

        def add_figure(fact, position):
            target = owner(position)
            if target is None:
                if fact.kind in ("investment", "indicator", "completed") and fact.unit:
                    fact.kind = "indicator"
                    indicators.append(fact)
                return
            projects[target].facts.append(fact)

        for match in _MONEY.finditer(sentence) if figures else ():
            amount = number(match[2])
            if amount is None:
                continue
            label = _label(sentence, match.start())
            kind = lexicon.money_kind(label)
            if kind is None:
                continue
            if aggregate and kind in ("investment", "indicator") and not [n for n in names if n[1] <= match.start() + offset]:
                kind = "indicator"
            qualifier = (match[1] or "") + (match[5] or "")
            fact = Fact(kind=kind, text=original[offset + match.start():offset + match.end()],
                        start=offset + match.start(), end=offset + match.end(),
                        value=_plain(money_value(amount, match[3])), unit=_CURRENCY[match[4]],
                        qualifier=lexicon.QUALIFIER.get(qualifier, qualifier))
            if kind == "indicator":
                clause_start = max(sentence.rfind(p, 0, match.start()) for p in "，；、：")
                fact.text = original[offset + clause_start + 1:offset + match.end()]
                indicators.append(fact)
                continue
            add_figure(fact, offset + match.start())

        for match in _AREA.finditer(sentence) if figures else ():
            amount = number(match[2])
            if amount is None:
                continue
            label = _label(sentence, match.start())
            kind = lexicon.area_kind(label, match[4])
            if kind is None:
                continue
            unit = match[4]
            value = amount * (10000 if match[3] else 1)
            if unit in ("平方米", "㎡", "平米"):
                unit = "平方米"
            elif unit == "公顷":
                unit, value = "平方米", value * 10000
            elif unit == "平方公里":
                unit, value = "平方米", value * 1000000
            qualifier = (match[1] or "") + (match[5] or "")
            add_figure(Fact(kind=kind, text=original[offset + match.start():offset + match.end()],
                            start=offset + match.start(), end=offset + match.end(), value=_plain(value), unit=unit,
                            qualifier=lexicon.QUALIFIER.get(qualifier, qualifier)), offset + match.start())

        for match in _CAPACITY.finditer(sentence) if figures and "年" in sentence else ():
            amount = number(match[1])
            if amount is not None:
                value = amount * {"亿": 100000000, "万": 10000, "千": 1000}.get(match[2] or "", 1)
                add_figure(Fact(kind="capacity", text=original[offset + match.start():offset + match.end()],
                                start=offset + match.start(), end=offset + match.end(), value=_plain(value),
                                unit=match[3]), offset + match.start())

        for match in _COMPANY_SUFFIX.finditer(sentence) if "公司" in sentence or "集团" in sentence else ():
            start = match.start()
            while start > 0 and match.start() - start < 20 and re.match(r"[\u4e00-\u9fff（）()]", sentence[start - 1]):
                start -= 1
            name = sentence[start:match.end()]
            cut = 0
            for stop in lexicon.COMPANY_STOP.finditer(name[:-len(match[0])]):
                cut = max(cut, stop.end())
            name = name[cut:]
            if len(name) - len(match[0]) < 2:
                continue
            span = (offset + start + cut, offset + match.end())
            target = owner(span[0])
            if target is not None and not projects[target].company:
                projects[target].company = original[span[0]:span[1]]
                projects[target].facts.append(Fact(kind="company", text=projects[target].company,
                                                   start=span[0], end=span[1], value=projects[target].company))

        events = _events_in(sentence, offset)
        touched = set()
        for start, end, event in events:
            before = [n for n in names if n[1] <= start]
            targets = before or [n for n in names if n[0] >= end]
            if not targets and not names and current and not aggregate:
                targets = [(0, 0, current)]
            date_before = [d for d in dates if d[0] <= start]
            date = date_before[-1][1] if date_before else (dates[0][1] if dates and targets else "")
            for _, _, key in targets:
                project = projects[key]
                touched.add(key)
                if not project.event or lexicon.STAGE_ORDER[event] > lexicon.STAGE_ORDER[project.event] or (
                        event == project.event and not project.date and date):
                    project.event = event
                    project.date = date if event != "在建" or date_before else ""
                    project.facts.append(Fact(kind="event", text=original[start:end], start=start, end=end,
                                              value=event))
            if not targets and (aggregate or lexicon.GROUP.search(sentence)):
                group_event = (event, date)
        if group_event and names and not events:
            # 其中，A项目…；B项目… after a 集中签约 sentence: the listed projects share its event and date.
            for _, _, key in names:
                if key not in touched and not projects[key].event:
                    projects[key].event, projects[key].date = group_event
        elif names and events:
            group_event = None
        if names:
            current = names[-1][2]

    region = article_region(text)
    result = []
    for key in order:
        project = projects[key]
        project.region = region
        project.industry = lexicon.industry_of(key)
        project.facts.insert(0, Fact(kind="name", text=project.name, start=project.name_span[0],
                                     end=project.name_span[1], value=project.name))
        result.append(project)
    return Extraction(date=today.isoformat(), region=region, projects=result, indicators=indicators)


def article_region(text: str) -> str:
    """The first province/city/county named in the article's text (footers are already stripped)."""
    parts = []
    for match in _ADMIN.finditer(text[:1500]):
        name = match[1]
        if lexicon.NOT_A_PLACE.search(name):
            continue
        if parts and match.start() != parts[-1][1]:
            break
        parts.append((match.start(), match.end(), name))
        if name.endswith(("县", "区", "旗")):
            break
    return "".join(p[2] for p in parts)
