"""投资项目统一代码 — the code the national online approval platform gives a project.

Format ``YYYY-DDDDDD-II-TT-NNNNNN``: year of registration, 6-digit administrative division,
2-digit industry, 2-digit project type, 6-digit serial (e.g. ``2023-510115-27-03-012345``).
"""

import re
from datetime import date

from django.utils import timezone

# ASCII only: Python's \d would also take full-width and other scripts' digits, saving a code the platform never issued.
PATTERN = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$", re.ASCII)
# Province-level prefixes of GB/T 2260 division codes.
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
}


def national_code_problem(value: str, today: date | None = None) -> str | None:
    """Return a Chinese explanation of what is wrong with ``value``, or None when it is valid."""
    today = today or timezone.localdate()
    match = PATTERN.match(value.strip())
    if not match:
        return "投资项目统一代码格式应为“年份-6位行政区划-2位行业-2位类型-6位流水号”，如 2023-510115-27-03-012345"
    year, division, _industry, _kind, _serial = match.groups()
    if not 2014 <= int(year) <= today.year + 1:
        return f"投资项目统一代码的年份 {year} 不在合理范围（2014—{today.year + 1}）"
    if division[:2] not in PROVINCES:
        return f"投资项目统一代码的行政区划代码 {division} 无效"
    return None
