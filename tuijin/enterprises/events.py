"""The enterprise profile's history writer: one function per kind of ``EnterpriseEvent``.

Every row carries who, when, the source (page, API, admin, import, command) and, for changes
to recorded values, the old and new values from ``tuijin.lib.changes``. Rows are append-only.
"""

from tuijin.lib.events import build, record

from .models import EnterpriseEvent, EnterpriseEventKind


def enterprise_created(enterprise, *, actor, changes) -> EnterpriseEvent:
    return record(EnterpriseEvent, enterprise=enterprise, kind=EnterpriseEventKind.CREATED, actor=actor,
                  summary=f"新增企业：{enterprise.name}", changes=changes)


def enterprise_edited(enterprise, *, actor, changes) -> EnterpriseEvent:
    fields = "、".join(change["label"] for change in changes)
    return record(EnterpriseEvent, enterprise=enterprise, kind=EnterpriseEventKind.EDITED, actor=actor,
                  summary=f"修改企业信息：{fields}"[:200], changes=changes)


def enterprise_created_row(enterprise_id, name, *, actor, changes) -> EnterpriseEvent:
    """``enterprise_created`` unsaved, for bulk writers (the imports)."""
    return build(EnterpriseEvent, enterprise_id=enterprise_id, kind=EnterpriseEventKind.CREATED, actor=actor,
                 summary=f"新增企业：{name}"[:200], changes=changes)


def enterprise_edited_row(enterprise_id, *, actor, changes) -> EnterpriseEvent:
    """``enterprise_edited`` unsaved, for bulk writers (the imports)."""
    fields = "、".join(change["label"] for change in changes)
    return build(EnterpriseEvent, enterprise_id=enterprise_id, kind=EnterpriseEventKind.EDITED, actor=actor,
                 summary=f"修改企业信息：{fields}"[:200], changes=changes)


def figures_saved(enterprise, *, actor, year, created, changes) -> EnterpriseEvent:
    return record(EnterpriseEvent, enterprise=enterprise, kind=EnterpriseEventKind.FIGURES, actor=actor,
                  changes=changes, summary=f"{'填报' if created else '修改'}{year}年经营数据（{len(changes)} 项）")


def qualification_added(enterprise, *, actor, qualification) -> EnterpriseEvent:
    until = f"，有效期至 {qualification.expires_on:%Y-%m-%d}" if qualification.expires_on else ""
    return record(EnterpriseEvent, enterprise=enterprise, kind=EnterpriseEventKind.QUALIFICATION, actor=actor,
                  summary=f"登记资质：{qualification.label}（{qualification.granted_on:%Y-%m-%d} 认定{until}）")


def service_recorded(enterprise, *, actor, service) -> EnterpriseEvent:
    return record(EnterpriseEvent, enterprise=enterprise, kind=EnterpriseEventKind.SERVICE, actor=actor,
                  summary=f"{service.get_kind_display()}：{service.summary[:60]}")


def need_answered(service, *, actor) -> EnterpriseEvent:
    return record(EnterpriseEvent, enterprise=service.enterprise, kind=EnterpriseEventKind.ANSWERED, actor=actor,
                  summary=f"答复诉求：{service.summary[:40]}",
                  changes=[{"field": "response", "label": "答复", "old": "", "new": service.response}])
