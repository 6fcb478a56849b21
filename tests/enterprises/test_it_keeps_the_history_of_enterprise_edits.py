"""Registering or editing an enterprise on its page goes into its history (档案记录) with the old and new
values, who changed them and through which door."""

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.enterprises.models import Enterprise, EnterpriseEvent, EnterpriseEventKind
from tuijin.lib.context import Source

from ..factories import industry, next_uscc
from ..pages import text


def form(enterprise, **changes):
    return {"name": enterprise.name, "uscc": enterprise.uscc, "industry": enterprise.industry_id,
            "scale": enterprise.scale, "address": enterprise.address, "established_on": "",
            "legal_representative": enterprise.legal_representative, "contact_person": enterprise.contact_person,
            "contact_phone": enterprise.contact_phone, "park": enterprise.park_id or "", "responsible_official": "",
            "responsible_unit": enterprise.responsible_unit_id or ""} | changes


def test_an_edit_shows_in_the_enterprise_history(client, users, enterprise):
    # Given the enterprise's own user on its edit page
    user = users[Role.ENTERPRISE]
    client.force_login(user)

    # When they change their contact phone (and try to rename themselves, which they may not)
    client.post(reverse("enterprise_edit", args=[enterprise.pk]),
                form(enterprise, contact_phone="028-88886666", name="改名有限公司"))

    # Then the history shows the phone's old and new value, who, and where from; the name is unchanged
    event = EnterpriseEvent.objects.get(enterprise=enterprise)
    assert (event.kind, event.actor, event.source) == (EnterpriseEventKind.EDITED, user, Source.PAGE)
    assert [change["field"] for change in event.changes] == ["contact_phone"]
    page = text(client.get(reverse("enterprise_detail", args=[enterprise.pk])))
    assert "修改企业信息：联系电话" in page
    assert f"联系电话： {enterprise.contact_phone or '（空）'} → 028-88886666" in page
    assert "来源：页面" in page
    assert Enterprise.objects.get(pk=enterprise.pk).name == enterprise.name


def test_registering_an_enterprise_starts_its_history(client, users, park):
    coordinator = users[Role.COORDINATOR]
    client.force_login(coordinator)
    uscc = next_uscc()

    client.post(reverse("enterprise_create"), {"name": "锦城智能装备有限公司", "uscc": uscc,
                                               "industry": industry("35").pk, "scale": "small", "park": park.pk})

    created = Enterprise.objects.get(uscc=uscc)
    event = created.events.get()
    assert (event.kind, event.actor, event.source) == (EnterpriseEventKind.CREATED, coordinator, Source.PAGE)
    assert {"field": "name", "label": "企业名称", "old": "", "new": "锦城智能装备有限公司"} in event.changes
    assert "新增企业：锦城智能装备有限公司" in text(client.get(reverse("enterprise_detail", args=[created.pk])))


def test_saving_without_changes_and_refused_edits_leave_no_history(client, users, enterprise, other_enterprise):
    client.force_login(users[Role.ENTERPRISE])
    client.post(reverse("enterprise_edit", args=[enterprise.pk]), form(enterprise))
    # Another enterprise's page is not there for them; a clerk may read but not edit
    assert client.post(reverse("enterprise_edit", args=[other_enterprise.pk]),
                       form(other_enterprise, contact_phone="1")).status_code == 404
    client.force_login(users[Role.DEPARTMENT_CLERK])
    assert client.post(reverse("enterprise_edit", args=[enterprise.pk]),
                       form(enterprise, contact_phone="1")).status_code == 403
    assert not EnterpriseEvent.objects.exists()
