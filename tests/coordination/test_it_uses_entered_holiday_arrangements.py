"""Working days in a year the chinesecalendar package does not know yet, from the notice a coordinator entered."""

import datetime as dt

import pytest
from django.urls import reverse

from tuijin.core.models import HolidayDay, HolidayYear
from tuijin.lib import workdays

YEAR = workdays.covered_years()[1] + 1


def test_it_refuses_to_guess_a_year_nobody_entered(db):
    with pytest.raises(workdays.CalendarUnknown) as unknown:
        workdays.add_workdays(dt.date(YEAR, 3, 1), 3)

    assert f"录入{YEAR}年的国务院放假通知" in str(unknown.value)


def test_it_counts_holidays_and_make_up_days_that_were_entered(db):
    # Given the first days of the year: New Year's Day (a Friday in 2027) off, and a make-up Saturday
    holiday_year = HolidayYear.objects.create(year=YEAR, notice="测试用放假通知")
    first_friday = next(dt.date(YEAR, 1, day) for day in range(1, 8) if dt.date(YEAR, 1, day).weekday() == 4)
    saturday = first_friday + dt.timedelta(days=1)
    HolidayDay.objects.create(holiday_year=holiday_year, date=first_friday, name="元旦")
    HolidayDay.objects.create(holiday_year=holiday_year, date=saturday, is_workday=True, name="元旦调休")

    # Then the Friday is off, the Saturday works, Sunday is off, and the week continues Monday to Friday
    thursday = first_friday - dt.timedelta(days=1)
    assert workdays.is_workday(first_friday) is False
    assert workdays.is_workday(saturday) is True
    assert workdays.add_workdays(thursday, 1) == saturday
    assert workdays.add_workdays(thursday, 2) == saturday + dt.timedelta(days=2)


def test_it_sees_a_newly_entered_year_at_once(db):
    with pytest.raises(workdays.CalendarUnknown):
        workdays.is_workday(dt.date(YEAR, 6, 1))

    HolidayYear.objects.create(year=YEAR, notice="测试用放假通知")

    assert workdays.is_workday(dt.date(YEAR, 6, 1)) is (dt.date(YEAR, 6, 1).weekday() < 5)


def test_it_lets_only_coordinators_enter_arrangements(client, users):
    url = reverse("admin:core_holidayyear_add")

    client.force_login(users["park_staff"])
    assert client.get(url).status_code == 302  # sent to the admin login: not staff

    client.force_login(users["coordinator"])
    response = client.post(url, {
        "year": YEAR, "notice": "测试用放假通知",
        "days-TOTAL_FORMS": "1", "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
        "days-0-date": f"{YEAR + 1}-01-01", "days-0-name": "元旦",
    })
    assert f"不在 {YEAR} 年内" in response.content.decode()
    assert not HolidayYear.objects.exists()
