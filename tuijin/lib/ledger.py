"""The exchange format (数据上报台账) read and written as JSON Lines — pure Python, no Django.

A district reports its project ledger up to the city and the province in one file. Every level
runs the same software, so the file is the contract: ``tuijin.exchange`` writes it from a
district's database and loads it into an upper level's, and ``tuijin.foresight`` reads a ledger
for its forecast evaluation without touching a database. Keeping the parsing here, apart from
the ORM, means the same checks (and the same Chinese error with the line number) hold for a
command, the API and a test. The full description is docs/exchange.md, the schema
docs/exchange.schema.json.

Line 1 is the header::

    {"type": "header", "format": "tuijin-ledger", "version": 1,
     "district": {"code": "510115", "name": "温江区"}, "exported_at": "...", "since": null}

then one record per line, each with ``type`` (project | plan | report | kpi),
``source_district``, ``version`` (an integer that grows with every change at the source) and
``changed_at`` (ISO 8601 time of that change).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO

FORMAT = "tuijin-ledger"
VERSION = 1
RECORD_TYPES = ("project", "plan", "report", "kpi")
COMMON_FIELDS = ("source_district", "version", "changed_at")

# Which fields each record type must carry, and what they must look like.
REQUIRED = {
    "project": ("key", "code", "name", "park", "stage", "category", "total_investment"),
    "plan": ("project", "year", "planned_investment"),
    "report": ("project", "year", "month", "completed_investment"),
    "kpi": ("name", "value"),
}
MONEY_FIELDS = {
    "project": ("total_investment",),
    "plan": ("planned_investment",),
    "report": ("completed_investment",),
}
DATE_FIELD = re.compile(r"^(planned|actual)_\w+_date$")
FIELD_LABELS = {
    "key": "项目标识", "code": "项目编号", "name": "名称", "park": "所属园区", "stage": "阶段",
    "category": "项目类别", "total_investment": "总投资", "project": "所属项目", "year": "年度",
    "month": "月份", "planned_investment": "年度计划投资", "completed_investment": "当月完成投资",
    "value": "指标值", "source_district": "来源区县", "version": "版本", "changed_at": "变更时间",
}


class LedgerError(ValueError):
    """A ledger line that cannot be read; ``line`` is 1-based, ``message_zh`` says why in Chinese."""

    def __init__(self, line: int, message_zh: str):
        self.line = line
        self.message_zh = message_zh
        super().__init__(f"第 {line} 行：{message_zh}")


def project_key(national_code: str | None, district_code: str, project_code: str) -> str:
    """A project's identity across levels: its 投资项目统一代码, else ``<district>:<code>``."""
    national_code = (national_code or "").strip()
    return national_code or f"{district_code}:{project_code}"


def _label(field: str) -> str:
    return f"{FIELD_LABELS.get(field, field)}（{field}）"


def _check_money(line: int, record: dict, field: str) -> None:
    value = record.get(field)
    if not isinstance(value, str):
        raise LedgerError(line, f"{_label(field)} 应为字符串形式的金额（万元），如 \"1200.50\"")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise LedgerError(line, f"{_label(field)} 不是有效金额：{value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise LedgerError(line, f"{_label(field)} 不能为负数或非数：{value!r}")


def _check_int(line: int, record: dict, field: str, low: int, high: int) -> None:
    value = record.get(field)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise LedgerError(line, f"{_label(field)} 应为 {low}—{high} 的整数，实为 {value!r}")


def _check_time(line: int, record: dict, field: str) -> None:
    value = record.get(field)
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise LedgerError(line, f"{_label(field)} 应为 ISO 8601 时间，如 2026-05-01T08:00:00+08:00，实为 {value!r}") from None


def check_header(line: int, header) -> dict:
    """Return the header when it is one this reader understands, else raise LedgerError."""
    if not isinstance(header, dict) or header.get("type") != "header":
        raise LedgerError(line, "第一行应为文件头（\"type\": \"header\"）")
    if header.get("format") != FORMAT:
        raise LedgerError(line, f"不是推进数据上报文件（format 应为 {FORMAT}，实为 {header.get('format')!r}）")
    if header.get("version") != VERSION:
        raise LedgerError(line, f"不支持的格式版本 {header.get('version')!r}（本系统读取第 {VERSION} 版）")
    district = header.get("district")
    if not isinstance(district, dict) or not str(district.get("code") or "").strip() \
            or not str(district.get("name") or "").strip():
        raise LedgerError(line, "文件头缺少来源区县的代码和名称（district.code、district.name）")
    _check_time(line, header, "exported_at")
    since = header.get("since")
    if since is not None:
        try:
            date.fromisoformat(since)
        except (TypeError, ValueError):
            raise LedgerError(line, f"文件头的 since 应为日期 YYYY-MM-DD 或 null，实为 {since!r}") from None
    return header


def check_record(line: int, record, district_code: str | None = None) -> dict:
    """Return the record when it is well formed, else raise LedgerError naming the field."""
    if not isinstance(record, dict):
        raise LedgerError(line, "每行应为一个 JSON 对象")
    kind = record.get("type")
    if kind == "header":
        raise LedgerError(line, "文件头只能出现在第一行")
    if kind not in RECORD_TYPES:
        raise LedgerError(line, f"未知的记录类型 {kind!r}（应为 {' / '.join(RECORD_TYPES)}）")
    for field in COMMON_FIELDS + REQUIRED[kind]:
        if record.get(field) in (None, ""):
            raise LedgerError(line, f"{kind} 记录缺少 {_label(field)}")
    if district_code is not None and str(record["source_district"]) != str(district_code):
        raise LedgerError(line, f"来源区县 {record['source_district']!r} 与文件头的区县 {district_code!r} 不一致")
    _check_int(line, record, "version", 1, 2**31 - 1)
    _check_time(line, record, "changed_at")
    for field in MONEY_FIELDS.get(kind, ()):
        _check_money(line, record, field)
    if kind == "plan":
        _check_int(line, record, "year", 2000, 2100)
    elif kind == "report":
        _check_int(line, record, "year", 2000, 2100)
        _check_int(line, record, "month", 1, 12)
    elif kind == "project":
        for field, value in record.items():
            if DATE_FIELD.match(field) and value is not None:
                try:
                    date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise LedgerError(line, f"{_label(field)} 应为日期 YYYY-MM-DD 或 null，实为 {value!r}") from None
    return record


def read(file: IO[str] | IO[bytes] | Iterable) -> Iterator[tuple[int, dict]]:
    """Yield ``(line number, record)`` for every line of a ledger, the header first (line 1).

    Checks as it goes and raises LedgerError at the first bad line, so a caller that writes
    inside one transaction writes nothing from a bad file. Blank lines are skipped.
    """
    district_code = None
    seen_header = False
    for number, raw in enumerate(file, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise LedgerError(number, "不是 UTF-8 编码的文本") from None
        elif number == 1:
            raw = raw.lstrip("\ufeff")
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise LedgerError(number, f"不是有效的 JSON（第 {error.colno} 列：{error.msg}）") from None
        if not seen_header:
            header = check_header(number, record)
            district_code = str(header["district"]["code"])
            seen_header = True
            yield number, header
            continue
        yield number, check_record(number, record, district_code)
    if not seen_header:
        raise LedgerError(1, "文件为空，缺少文件头")


def header(district_code: str, district_name: str, exported_at: datetime | str,
           since: date | str | None = None) -> dict:
    """The first line of a ledger."""
    return {
        "type": "header", "format": FORMAT, "version": VERSION,
        "district": {"code": str(district_code), "name": district_name},
        "exported_at": exported_at.isoformat() if isinstance(exported_at, datetime) else exported_at,
        "since": since.isoformat() if isinstance(since, date) else since,
    }


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a ledger")


def dumps(record: dict) -> str:
    """One record as one line (no newline), keys sorted so equal records give equal text."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=_default, separators=(",", ":"))


def write(records: Iterable[dict], file: IO[str]) -> int:
    """Write records (the header first) one per line; return how many lines were written."""
    count = 0
    for record in records:
        file.write(dumps(record))
        file.write("\n")
        count += 1
    return count
