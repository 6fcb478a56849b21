"""A year's lead codes keep counting after XS2025-9999, numerically (XS2025-10000 then XS2025-10001)."""

import datetime as dt

from tuijin.promotion.models import Lead

from .conftest import make_lead


def test_lead_codes_keep_four_digits_up_to_9999_then_grow_in_numeric_order(coordinator, park):
    # given the year's 9,998th lead code and a hand-typed code under the prefix
    on = dt.date(2025, 3, 1)
    make_lead(coordinator, park=park, code="XS2025-9998", on=on)
    make_lead(coordinator, park=park, code="XS2025-A001", on=on)

    # when three leads are registered without a code
    codes = [make_lead(coordinator, park=park, name=f"线索{n}", on=on).code for n in range(3)]

    # then the last four-digit code comes first, then five digits, in numeric order
    assert codes == ["XS2025-9999", "XS2025-10000", "XS2025-10001"]
    assert Lead.objects.filter(code__startswith="XS2025-").count() == 5
