"""``growth``: a 同比/环比 figure as the tables show it — “—” when it cannot be computed, never 0."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def growth(value):
    if value is None:
        return mark_safe('<span class="text-muted" title="上年同期或上月未报送，无法计算">—</span>')
    css = "text-danger" if value < 0 else "text-success"
    return format_html('<span class="{}">{}{}%</span>', css, "+" if value > 0 else "", f"{value:.1f}")


@register.filter
def figure(value):
    return "—" if value is None else f"{value:,.1f}"
