"""Every edit of a business record leaves an audit entry: who, when, from where, through which door, old → new."""

from django.urls import reverse

from tuijin.audit.models import AuditAction, AuditEntry
from tuijin.enterprises.models import Enterprise

from ..factories import EnterpriseFactory
from ..pages import form_data


def test_it_logs_a_page_edit_of_an_enterprise_with_old_and_new_values(client, coordinator, enterprise):
    # Given a coordinator on the enterprise's edit page
    url = reverse("enterprise_edit", args=[enterprise.pk])
    client.force_login(coordinator)

    # When they correct the enterprise's name
    client.post(url, form_data(client.get(url)) | {"name": "成都锦程新材料股份有限公司"}, REMOTE_ADDR="10.2.3.4")

    # Then the audit log has the change, by them, from their address, through a page
    entry = AuditEntry.objects.get(model="enterprises.enterprise", object_pk=str(enterprise.pk),
                                   action=AuditAction.CHANGE)
    assert entry.actor == coordinator and entry.address == "10.2.3.4" and entry.source == "page"
    assert entry.object_repr == "成都锦程新材料股份有限公司" and entry.model_label == "企业"
    assert {"field": "name", "label": "企业名称", "old": "成都锦程新材料有限公司",
            "new": "成都锦程新材料股份有限公司"} in entry.changes
    assert [change["field"] for change in entry.changes] == ["name"]


def test_it_logs_an_admin_edit_of_a_project_with_its_values_and_source_admin(client, coordinator, project, park,
                                                                             other_park):
    # Given a coordinator on the project's admin page
    url = reverse("admin:projects_project_change", args=[project.pk])
    client.force_login(coordinator)

    # When they move the project to the other park and change its investment
    data = form_data(client.get(url)) | {"park": str(other_park.pk), "total_investment": "12345.60", "_save": "保存"}
    assert client.post(url, data).status_code == 302

    # Then the audit entry names the parks and the amounts as people read them, and says it came through the admin
    entry = AuditEntry.objects.get(model="projects.project", object_pk=str(project.pk), action=AuditAction.CHANGE)
    assert entry.source == "admin" and entry.get_source_display() == "后台管理" and entry.actor == coordinator
    changes = {change["field"]: change for change in entry.changes}
    assert changes["park"]["old"] == "高新园" and changes["park"]["new"] == "临港园"
    assert changes["park"]["label"] == "所在园区"
    assert changes["total_investment"]["new"] == "12345.60"
    assert "version" not in changes and "updated_at" not in changes


def test_it_logs_creation_and_deletion(coordinator, park):
    # Given an enterprise created and then deleted by code with no request (a command)
    created = EnterpriseFactory(name="临时企业", park=park)
    pk = created.pk
    created.delete()

    # Then both are in the log, the deletion keeping the values it had
    create, delete = AuditEntry.objects.filter(model="enterprises.enterprise", object_pk=str(pk)).order_by("pk")
    assert create.action == AuditAction.CREATE and delete.action == AuditAction.DELETE
    assert {"field": "name", "label": "企业名称", "old": "", "new": "临时企业"} in create.changes
    assert {"field": "park", "label": "所在园区", "old": "高新园", "new": ""} in delete.changes
    assert create.source == "system" and create.actor is None


def test_it_never_logs_a_password_hash_or_last_login(coordinator):
    # When a user's password is changed and they log in
    coordinator.set_password("another-secret-1")
    coordinator.save()

    # Then nothing about the password reaches the log
    logged = AuditEntry.objects.filter(model="accounts.user", object_pk=str(coordinator.pk))
    assert logged.exists()
    for entry in logged:
        assert all(change["field"] not in {"password", "last_login"} for change in entry.changes)
        assert "md5$" not in str(entry.changes)


def test_it_logs_nothing_when_a_save_changes_nothing(enterprise):
    before = AuditEntry.objects.count()
    # When a record is saved without a change
    Enterprise.objects.get(pk=enterprise.pk).save()
    # Then no entry is written
    assert AuditEntry.objects.count() == before
