"""Nobody rewrites history: audit entries and event rows cannot be changed or deleted, the superuser included."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tuijin.audit.models import AppendOnly, AuditEntry
from tuijin.projects.models import EventKind, ProjectEvent

from ..factories import UserFactory


@pytest.fixture
def entry(enterprise):
    enterprise.name = "改过名的企业"
    enterprise.save()
    return AuditEntry.objects.filter(model="enterprises.enterprise").latest("pk")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_the_model_refuses_to_change_or_delete_an_entry(entry):
    # When code tries to edit or delete an entry through the model or a queryset
    entry.object_repr = "篡改"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="篡改")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    # Then the entry is as it was written
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "改过名的企业"


def test_the_database_refuses_to_change_or_delete_an_entry(entry):
    table = AuditEntry._meta.db_table
    # When someone writes SQL past the model
    for statement in (f"UPDATE {table} SET object_repr = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="审计记录只能新增"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [entry.pk])
    # Then the entry is still there, unchanged
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "改过名的企业"


def test_deleting_a_user_keeps_their_name_on_their_entries(park, district):
    # Given a user who edited an organisation
    from tuijin.lib.context import Source, acting

    clerk = UserFactory(username="temp", full_name="王临时")
    with acting(Source.PAGE, clerk, "10.0.0.9"):
        park.name = "高新园区"
        park.save()
    # When the user is deleted (the log's link to them is cleared by the database's one allowed update)
    clerk.delete()
    # Then the entry still says who it was
    entry = AuditEntry.objects.filter(model="accounts.organisation", object_pk=str(park.pk)).latest("pk")
    assert entry.actor is None and entry.actor_name == "王临时（temp）"


def test_the_admin_shows_entries_but_offers_no_add_change_or_delete(client, superuser, entry):
    # Given the superuser in the admin
    client.force_login(superuser)
    # Then they can read the log
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200
    # But not add, change or delete an entry
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    changed = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"object_repr": "篡改"})
    assert changed.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "改过名的企业"


def test_a_superuser_cannot_delete_a_project_event_in_the_admin(client, superuser, project):
    # Given a project with its creation event
    event = ProjectEvent.objects.create(project=project, kind=EventKind.CREATED, to_stage=project.stage,
                                        version=project.version)
    client.force_login(superuser)

    # When the superuser tries its delete page and the "delete selected" action
    refused = client.post(reverse("admin:projects_projectevent_delete", args=[event.pk]), {"post": "yes"})
    changelist = client.get(reverse("admin:projects_projectevent_changelist"))
    client.post(reverse("admin:projects_projectevent_changelist"),
                {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})

    # Then both are refused and the event is still there
    assert refused.status_code == 403
    assert "delete_selected" not in changelist.content.decode()
    assert ProjectEvent.objects.filter(pk=event.pk).exists()


def test_every_event_table_is_read_only_in_the_admin_for_the_superuser(rf, superuser):
    # Given every admin and inline of an event model (``*Event``)
    request = rf.get("/admin/")
    request.user = superuser
    found = []
    for model, model_admin in admin.site._registry.items():
        candidates = [(model, model_admin)] + [(inline.model, inline(model, admin.site))
                                               for inline in model_admin.inlines]
        for candidate, handler in candidates:
            if candidate.__name__.endswith("Event"):
                found.append(candidate.__name__)
                # Then none lets even the superuser add, change or delete
                assert not handler.has_add_permission(request, None), candidate
                assert not handler.has_change_permission(request), candidate
                assert not handler.has_delete_permission(request), candidate
    assert {"ProjectEvent", "ReportEvent", "ProblemEvent", "WarningEvent", "LeadEvent", "PolicyEvent"} <= set(found)
