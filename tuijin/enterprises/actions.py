"""Changes to an enterprise's profile: yearly figures, qualifications, service records (进解优促).

Each runs in one transaction and writes an ``EnterpriseEvent`` with the old and new values, so
a figure that decides a subsidy can always be traced to who entered it and when.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.lib import changes as history
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify

from . import events
from .models import (
    FIGURE_FIELDS, Enterprise, EnterpriseYearFigures, Qualification, ServiceKind, ServiceRecord, ServiceStatus,
)


class ProfileRefused(Exception):
    """A profile change that is not allowed as asked; the message says why in Chinese."""


def create_enterprise(*, actor, data: dict) -> Enterprise:
    """Register an enterprise; its history starts with every value it was registered with."""
    with transaction.atomic():
        enterprise = Enterprise.objects.create(**data)
        events.enterprise_created(enterprise, actor=actor, changes=history.diff(None, data, model=Enterprise))
        return enterprise


def update_enterprise(enterprise, *, actor, data: dict) -> Enterprise:
    """Save the edited fields of ``enterprise``; what changed, old and new, goes into its history.

    The stored row is read again (locked) to compare with, since a bound ModelForm has already
    written the new values into the instance it was given.
    """
    with transaction.atomic():
        current = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        changes = history.assign(current, data)
        if not changes:
            return current
        current.save()
        events.enterprise_edited(current, actor=actor, changes=changes)
        return current


def save_year_figures(enterprise, year, *, actor, data, version=None) -> EnterpriseYearFigures:
    """Create or change ``enterprise``'s figures for ``year``; ``version`` guards against a stale form."""
    with transaction.atomic():
        figures, created = EnterpriseYearFigures.objects.select_for_update().get_or_create(
            enterprise=enterprise, year=year, defaults={"updated_by": actor})
        if not created and version is not None and figures.version != version:
            raise ProfileRefused(f"{year}年经营数据已被他人修改，请刷新后重新填写。")
        after = {name: data[name] for name in FIGURE_FIELDS if name in data}
        changes = history.diff(figures, after)
        for name, value in after.items():
            setattr(figures, name, value)
        if not changes and not created:
            return figures
        if not created:
            figures.version += 1
        figures.updated_by = actor
        figures.save()
        events.figures_saved(enterprise, actor=actor, year=year, created=created, changes=changes)
        return figures


def add_qualification(enterprise, *, actor, data) -> Qualification:
    with transaction.atomic():
        qualification = Qualification(enterprise=enterprise, **data)
        qualification.full_clean()
        qualification.save()
        events.qualification_added(enterprise, actor=actor, qualification=qualification)
        return qualification


def record_service(enterprise, *, actor, data) -> ServiceRecord:
    """A visit, a policy service, or a need; a need stays open until it is answered."""
    with transaction.atomic():
        is_need = data.get("kind") == ServiceKind.NEED
        record = ServiceRecord.objects.create(
            enterprise=enterprise, created_by=actor,
            status=ServiceStatus.OPEN if is_need else ServiceStatus.RECORDED, **data)
        events.service_recorded(enterprise, actor=actor, service=record)
        if is_need:
            notify(_need_answerers(enterprise, actor), kind=NotificationKind.ENTERPRISE_NEED,
                   title=f"企业诉求待答复：{enterprise.name}", body=record.summary[:200],
                   url=reverse("enterprise_detail", args=[enterprise.pk]) + "#service")
        return record


def _need_answerers(enterprise, actor):
    """Who hears of a new need: its 包保 official, and its park's staff, who answer it (a leader only reads)."""
    official = recipients.active_users().filter(pk=enterprise.responsible_official_id)
    users = official | recipients.park_staff(enterprise.park_id)
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
        events.need_answered(record, actor=actor)
        notify(recipients.enterprise_users(record.enterprise_id),
               kind=NotificationKind.ENTERPRISE_NEED_ANSWERED, title=f"您的诉求已答复：{record.summary[:40]}",
               body=record.response[:300], url=reverse("enterprise_detail", args=[record.enterprise_id]) + "#service")
        return record
