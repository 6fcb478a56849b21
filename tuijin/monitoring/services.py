"""Reading the approved monthly figures into ``calculations`` panels, and the groups the tables use.

A few queries whatever the number of enterprises: one for the figures, one per grouping.
"""

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from tuijin.enterprises.models import Enterprise
from tuijin.promotion.models import ChainMember

from . import calculations
from .models import INDICATOR_FIELDS, FiguresStatus, MonthlyFigures


def key_enterprises(user):
    """The key enterprises ``user`` may see."""
    return Enterprise.objects.visible_to(user).filter(key_listing__isnull=False)


def latest_month(enterprises) -> tuple[int, int]:
    """The latest month with approved figures among ``enterprises`` (last month when there are none)."""
    row = (MonthlyFigures.objects.filter(enterprise__in=enterprises, status=FiguresStatus.APPROVED)
           .order_by("-year", "-month").values_list("year", "month").first())
    if row:
        return row
    today = timezone.localdate()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def window(year, month, span=36):
    """The ``span`` months ending with ``year``/``month``."""
    end = calculations.month_index(year, month)
    return [calculations.index_month(i) for i in range(end - span + 1, end + 1)]


def panels(enterprises, months) -> dict:
    """Approved figures of ``enterprises`` over ``months``, one panel per indicator."""
    first, last = months[0], months[-1]
    rows = (MonthlyFigures.objects.filter(enterprise__in=enterprises, status=FiguresStatus.APPROVED,
                                          year__gte=first[0], year__lte=last[0])
            .order_by().values_list("enterprise_id", "year", "month",
                                    *(Cast(name, FloatField()) for name in INDICATOR_FIELDS)))
    return calculations.build_panel(rows.iterator(chunk_size=10000), months)


def park_groups(ids) -> tuple[dict, dict]:
    groups, labels = {}, {}
    for pk, park_id, park_name in Enterprise.objects.filter(pk__in=ids).values_list("pk", "park_id", "park__name"):
        groups.setdefault(park_id, []).append(pk)
        labels[park_id] = park_name or "未入园企业"
    return groups, labels


def chain_groups(ids) -> tuple[dict, dict]:
    """Enterprises by the chain they are placed in (a member of two chains counts in both)."""
    groups, labels = {}, {}
    rows = (ChainMember.objects.filter(enterprise_id__in=ids)
            .values_list("enterprise_id", "segment__chain_id", "segment__chain__name").distinct())
    for pk, chain_id, name in rows:
        if pk not in groups.setdefault(chain_id, []):
            groups[chain_id].append(pk)
        labels[chain_id] = name
    return groups, labels


def names(ids) -> dict:
    return dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "name"))
