"""``{% audit_link obj %}``: the "审计记录" button on a record's page, for those who may read the log."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from tuijin.accounts.access import can_see_audit

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_link(context, obj):
    user = getattr(context.get("request"), "user", None)
    if obj is None or not can_see_audit(user):
        return ""
    query = urlencode({"model": obj._meta.label_lower, "pk": obj.pk})
    return format_html('<a class="btn btn-outline-secondary btn-sm" href="{}?{}" data-testid="audit-link">'
                       '<i class="bi bi-journal-text"></i> 审计记录</a>', reverse("audit_log"), query)
