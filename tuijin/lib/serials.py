"""Generated codes with a yearly serial (XM2026-00001, XS2026-0001) that keep counting past their padding.

The serial is zero-padded to a width so that existing codes stay as they are, but it is not bounded by it:
after XM2026-99999 comes XM2026-100000. Codes are text, and as text "XM2026-99999" sorts above
"XM2026-100000", so the last serial is found by length first, then by text — which is the numeric order as
long as only codes with exactly the padded width, or longer ones without a leading zero, count. Hand-typed codes
under the same prefix (XM2026-T01, XM2026-0123456) are not serials and are ignored.
"""

import re

from django.db.models.functions import Length

SAFE_PREFIX = re.compile(r"^[A-Za-z0-9]+-$")


def serial_pattern(prefix: str, width: int) -> str:
    """The regular expression (valid on SQLite and PostgreSQL) of generated codes under ``prefix``."""
    if not SAFE_PREFIX.match(prefix):
        raise ValueError(f"unsafe code prefix {prefix!r}")
    return rf"^{prefix}([0-9]{{{width}}}|[1-9][0-9]{{{width},}})$"


def next_code(queryset, field: str, prefix: str, width: int) -> str:
    """The code after the highest generated one under ``prefix`` among ``queryset``'s ``field`` values."""
    last = (queryset.filter(**{f"{field}__regex": serial_pattern(prefix, width)})
            .order_by(Length(field).desc(), f"-{field}").values_list(field, flat=True).first())
    serial = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{serial:0{width}d}"


def following(code: str, prefix: str, width: int):
    """``code`` and the codes after it, one by one (for numbering a batch after ``next_code``)."""
    serial = int(code[len(prefix):])
    while True:
        yield f"{prefix}{serial:0{width}d}"
        serial += 1
