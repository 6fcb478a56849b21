"""统一社会信用代码 (USCC) validation per GB 32100-2015.

The 18th character is a mod-31 check over the first 17, so a single mistyped
character — the usual error when codes are copied from paper — is always caught.
"""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
REGISTRATION_AUTHORITIES = set("123456789ABCDEFGNY")


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def normalise(value: str) -> str:
    """Upper-case, strip spaces and turn full-width characters into ASCII."""
    value = "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in value)
    return "".join(value.split()).upper()


def uscc_problem(value: str) -> str | None:
    """Return a Chinese explanation of what is wrong with ``value``, or None when it is valid."""
    code = normalise(value)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    bad = sorted({ch for ch in code if ch not in CHARSET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、Z、S、V）"
    if code[0] not in REGISTRATION_AUTHORITIES:
        return f"统一社会信用代码第1位（登记管理部门代码）“{code[0]}”无效"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3—8位应为行政区划代码（6位数字）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为“{expected}”，实际为“{code[17]}”，请核对是否抄错"
    return None


def make_uscc(body17: str) -> str:
    """Complete a 17-character body with its check character (used by demo data and tests)."""
    return body17 + check_character(body17)
