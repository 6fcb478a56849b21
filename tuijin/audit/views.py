"""/audit/: coordinators search the audit log and export what they found."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from tuijin.accounts.access import can_see_audit
from tuijin.lib import xlsx

from .forms import AuditSearchForm
from .models import AuditEntry

PAGE_SIZE = 50
COLUMNS = [
    xlsx.Column("时间", 20), xlsx.Column("操作人", 18), xlsx.Column("地址", 16), xlsx.Column("来源", 12),
    xlsx.Column("操作", 8), xlsx.Column("数据类型", 14), xlsx.Column("记录编号", 10), xlsx.Column("记录", 30),
    xlsx.Column("变更内容", 60),
]


def changes_text(entry) -> str:
    return "；".join(f"{change['label']}：{change['old'] or '（空）'} → {change['new'] or '（空）'}"
                    for change in entry.changes)


@login_required
def audit_log(request):
    if not can_see_audit(request.user):
        raise PermissionDenied("审计记录只有统筹协调部门可以查看。")
    form = AuditSearchForm(request.GET)
    valid = form.is_valid()
    entries = form.filter(AuditEntry.objects.all()) if valid else AuditEntry.objects.none()
    entries = entries.select_related("actor").order_by("-at", "-pk")
    if valid and request.GET.get("export") == "xlsx":
        count = entries.count()
        if count <= settings.EXPORT_INLINE_ROWS:
            return _export(entries)
        messages.error(request, f"符合条件的审计记录有 {count} 条，一次最多导出 {settings.EXPORT_INLINE_ROWS} 条："
                                "请缩小时间段或加筛选条件。")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page})


def _export(entries):
    rows = ([timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"), entry.actor_name or "系统",
             entry.address, entry.get_source_display(), entry.get_action_display(), entry.model_label,
             entry.object_pk, entry.object_repr, changes_text(entry)] for entry in entries.iterator())
    content = xlsx.workbook("审计记录", COLUMNS, rows, unit="条")
    return xlsx.download(content, f"审计记录-{timezone.localdate():%Y%m%d}.xlsx")
