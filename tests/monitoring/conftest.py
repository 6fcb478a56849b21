import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tuijin.monitoring.models import FiguresStatus, KeyEnterprise, MonthlyFigures


@pytest.fixture
def approved(coordinator):
    """``approved(enterprise, {(year, month): {"output": …}})``: approved months, written directly."""
    def make(enterprise, months):
        KeyEnterprise.objects.get_or_create(enterprise=enterprise, defaults={"since": dt.date(2020, 1, 1)})
        MonthlyFigures.objects.bulk_create([
            MonthlyFigures(enterprise=enterprise, year=year, month=month, status=FiguresStatus.APPROVED,
                           reviewed_at=timezone.now(), reviewed_by=coordinator,
                           **{name: Decimal(str(value)) for name, value in figures.items()})
            for (year, month), figures in months.items()])
    return make
