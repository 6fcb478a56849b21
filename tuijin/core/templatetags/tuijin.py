from django import template
from django.utils.html import format_html

from tuijin.lib.money import format_wan

register = template.Library()

@register.filter
def wan(amount):
    """An amount in 万元 as people read it (亿元 from 1 亿 up)."""
    return format_wan(amount)


@register.simple_tag
def stage_badge(project_or_stage, label=None):
    stage = getattr(project_or_stage, "stage", project_or_stage)
    if label is None:
        label = project_or_stage.get_stage_display() if hasattr(project_or_stage, "get_stage_display") else stage
    return format_html('<span class="badge stage-badge stage-{}">{}</span>', stage, label)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced, for sort and page links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
