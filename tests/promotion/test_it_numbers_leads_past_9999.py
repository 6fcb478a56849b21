"""A year's lead codes keep counting after XS2025-9999, numerically (XS2025-10000 then XS2025-10001)."""

import datetime as dt

from tuijin.promotion.models import Lead

from .conftest import make_lead


def test_the_lead_after_9999_and_the_one_after_it_get_five_digit_codes(coordinator, park):
    # given the year's 9,999th lead code and a hand-typed code under the prefix
    on = dt.date(2025, 3, 1)
    make_lead(coordinator, park=park, code="XS2025-9999", on=on)
    make_lead(coordinator, park=park, code="XS2025-A001", on=on)

    # when two leads are registered without a code
    first = make_lead(coordinator, park=park, name="第一万条线索", on=on)
    second = make_lead(coordinator, park=park, name="第一万零一条线索", on=on)

    # then they are numbered on past four digits, in numeric order
    assert (first.code, second.code) == ("XS2025-10000", "XS2025-10001")
    assert Lead.objects.filter(code__startswith="XS2025-").count() == 4


def test_leads_before_the_boundary_keep_four_digits(coordinator, park):
    # given one lead with a generated code
    on = dt.date(2025, 3, 1)
    make_lead(coordinator, park=park, code="XS2025-0041", on=on)

    # when another is registered
    lead = make_lead(coordinator, park=park, name="下一条线索", on=on)

    # then it gets the next four-digit code
    assert lead.code == "XS2025-0042"
