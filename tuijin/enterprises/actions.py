"""Changes to an enterprise's profile: yearly figures, qualifications, service records (进解优促).

Each runs in one transaction and writes an ``EnterpriseEvent`` with the old and new values, so
a figure that decides a subsidy can always be traced to who entered it and when.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tuijin.notifications.services import notify

from .models import (
    FIGURE_FIELDS, EnterpriseEvent, EnterpriseEventKind, EnterpriseYearFigures, Qualification, ServiceKind,
    ServiceRecord, ServiceStatus,
)


class ProfileRefused(Exception):
    """A profile change that is not allowed as asked; the message says why in Chinese."""


def _text(value):
    return "" if value is None else str(value)


def save_year_figures(enterprise, year, *, actor, data, version=None) -> EnterpriseYearFigures:
    """Create or change ``enterprise``'s figures for ``year``; ``version`` guards against a stale form."""
    with transaction.atomic():
        figures, created = EnterpriseYearFigures.objects.select_for_update().get_or_create(
            enterprise=enterprise, year=year, defaults={"updated_by": actor})
        if not created and version is not None and figures.version != version:
            raise ProfileRefused(f"{year}年经营数据已被他人修改，请刷新后重新填写。")
        changes = []
        for name in FIGURE_FIELDS:
            if name not in data:
                continue
            old, new = getattr(figures, name), data[name]
            if old != new:
                label = str(EnterpriseYearFigures._meta.get_field(name).verbose_name)
                changes.append({"field": name, "label": label, "old": _text(old), "new": _text(new)})
                setattr(figures, name, new)
        if not changes and not created:
            return figures
        if not created:
            figures.version += 1
        figures.updated_by = actor
        figures.save()
        EnterpriseEvent.objects.create(
            enterprise=enterprise, kind=EnterpriseEventKind.FIGURES, actor=actor, changes=changes,
            summary=f"{'填报' if created else '修改'}{year}年经营数据（{len(changes)} 项）")
        return figures


def add_qualification(enterprise, *, actor, data) -> Qualification:
    with transaction.atomic():
        qualification = Qualification(enterprise=enterprise, **data)
        qualification.full_clean()
        qualification.save()
        until = f"，有效期至 {qualification.expires_on:%Y-%m-%d}" if qualification.expires_on else ""
        EnterpriseEvent.objects.create(
            enterprise=enterprise, kind=EnterpriseEventKind.QUALIFICATION, actor=actor,
            summary=f"登记资质：{qualification.label}（{qualification.granted_on:%Y-%m-%d} 认定{until}）")
        return qualification


def record_service(enterprise, *, actor, data) -> ServiceRecord:
    """A visit, a policy service, or a need; a need stays open until it is answered."""
    with transaction.atomic():
        is_need = data.get("kind") == ServiceKind.NEED
        record = ServiceRecord.objects.create(
            enterprise=enterprise, created_by=actor,
            status=ServiceStatus.OPEN if is_need else ServiceStatus.RECORDED, **data)
        EnterpriseEvent.objects.create(enterprise=enterprise, kind=EnterpriseEventKind.SERVICE, actor=actor,
                                       summary=f"{record.get_kind_display()}：{record.summary[:60]}")
        if is_need:
            notify(_need_answerers(enterprise, actor), kind="enterprise_need",
                   title=f"企业诉求待答复：{enterprise.name}", body=record.summary[:200],
                   url=reverse("enterprise_detail", args=[enterprise.pk]) + "#service")
        return record


def _need_answerers(enterprise, actor):
    """Who hears of a new need: its 包保 official, and its park's staff, who answer it (a leader only reads)."""
    from tuijin.accounts.models import Role, User

    told = Q(pk=enterprise.responsible_official_id) if enterprise.responsible_official_id else Q(pk__in=[])
    if enterprise.park_id:
        told |= Q(role=Role.PARK_STAFF, organisation_id=enterprise.park_id)
    users = User.objects.filter(told, is_active=True)
    return users.exclude(pk=actor.pk) if actor is not None else users


def answer_need(record, *, actor, response) -> ServiceRecord:
    """Answer an open need (compare-and-set: two officials answering at once cannot both win)."""
    if not response or not response.strip():
        raise ProfileRefused("答复不能为空：请写明如何解决或办理情况。")
    with transaction.atomic():
        updated = ServiceRecord.objects.filter(pk=record.pk, status=ServiceStatus.OPEN).update(
            status=ServiceStatus.ANSWERED, response=response.strip(), answered_by=actor, answered_at=timezone.now())
        if not updated:
            raise ProfileRefused("该诉求已答复（可能已被他人处理）。")
        record.refresh_from_db()
        EnterpriseEvent.objects.create(enterprise=record.enterprise, kind=EnterpriseEventKind.ANSWERED, actor=actor,
                                       summary=f"答复诉求：{record.summary[:40]}",
                                       changes=[{"field": "response", "label": "答复", "old": "",
                                                 "new": record.response}])
        from tuijin.accounts.models import Role, User

        notify(User.objects.filter(role=Role.ENTERPRISE, enterprise_id=record.enterprise_id, is_active=True),
               kind="enterprise_need_answered", title=f"您的诉求已答复：{record.summary[:40]}",
               body=record.response[:300], url=reverse("enterprise_detail", args=[record.enterprise_id]) + "#service")
        return record
