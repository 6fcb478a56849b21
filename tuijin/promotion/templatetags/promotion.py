"""Small helpers of the promotion pages: stage badges, rates and the figure links."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from tuijin.promotion.models import LeadStage

register = template.Library()


@register.simple_tag
def lead_badge(stage, label=None):
    stage = getattr(stage, "stage", stage)
    return format_html('<span class="badge lead-badge lead-{}">{}</span>', stage, label or LeadStage(stage).label)


@register.filter
def rate(value):
    """A percentage as people read it; a dash when there was nothing to measure."""
    return "—" if value is None else f"{value}%"


@register.filter
def share(part, whole):
    """``part`` as a percentage of ``whole`` with one decimal, e.g. 资金到位率; a dash when ``whole`` is empty."""
    from tuijin.promotion.calculations import percent

    return rate(percent(part, whole))


@register.filter
def bar_width(value):
    """A progress bar's width: the rate capped at 100, never negative."""
    if value is None:
        return 0
    return max(0, min(100, float(value)))


@register.simple_tag
def figure_url(key, period, unit=None):
    """The list of records behind a figure of ``unit`` in ``period``."""
    params = {"period": period.key}
    if unit is not None:
        params["unit"] = unit.pk
    return f"{reverse('promotion_figure', args=[key])}?{urlencode(params)}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
