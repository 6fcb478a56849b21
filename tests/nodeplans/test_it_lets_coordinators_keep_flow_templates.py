"""Coordinators create and edit flow templates on a page: nodes with owner unit type, default working days and
predecessors with lag. A circle or an unknown predecessor is refused, naming the nodes; every edit is audited."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.audit.models import AuditEntry
from tuijin.nodeplans.models import NodeTemplate, TemplateLink

from ..pages import text

HEADER = {"code": "small-flow", "name": "小型产业化项目流程", "project_type": "industrial", "description": "测试"}


def post_data(rows, header=HEADER, initial=0):
    data = {**header, "nodes-TOTAL_FORMS": str(len(rows)), "nodes-INITIAL_FORMS": str(initial),
            "nodes-MIN_NUM_FORMS": "0", "nodes-MAX_NUM_FORMS": "200"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"nodes-{index}-{key}"] = value
    return data


def row(code, name, days, after="", owner_kind="responsible", owner_name=""):
    return {"code": code, "name": name, "duration_workdays": str(days), "after": after, "owner_kind": owner_kind,
            "owner_name": owner_name}


FLOW = [row("compliance", "合规性审查", 5), row("filing", "立项/备案", 3, "compliance", "park"),
        row("eia", "环评", 10, "compliance+2", "named", "区生态环境局"), row("permit", "施工许可", 2, "filing、eia")]


def links(template):
    return {(link.predecessor.name, link.successor.name, link.lag_workdays)
            for link in TemplateLink.objects.filter(successor__template=template).select_related("predecessor",
                                                                                                "successor")}


def test_a_coordinator_creates_a_template_with_parallel_branches_and_a_lag(client, coordinator):
    # When the coordinator fills in four nodes, 环评 starting 2 working days after 合规性审查
    client.force_login(coordinator)
    response = client.post(reverse("nodeplans_template_new"), post_data(FLOW + [row("", "", "")]))

    # Then the template is saved with its nodes, owner types and links
    template = NodeTemplate.objects.get(code="small-flow")
    assert response.status_code == 302 and response.url == reverse("nodeplans_template_edit", args=[template.pk])
    assert [(n.name, n.owner_kind, n.owner_name, n.duration_workdays) for n in template.nodes.all()] == [
        ("合规性审查", "responsible", "", 5), ("立项/备案", "park", "", 3), ("环评", "named", "区生态环境局", 10),
        ("施工许可", "responsible", "", 2)]
    assert links(template) == {("合规性审查", "立项/备案", 0), ("合规性审查", "环评", 2), ("立项/备案", "施工许可", 0),
                               ("环评", "施工许可", 0)}
    # And the audit log names the coordinator for the template, each node and each link
    made = AuditEntry.objects.filter(actor=coordinator, action="create")
    assert made.filter(model="nodeplans.nodetemplate").count() == 1
    assert made.filter(model="nodeplans.templatenode").count() == 4
    assert made.filter(model="nodeplans.templatelink").count() == 4
    # And the edit page reads the predecessors back as typed
    page = client.get(response.url).content.decode()
    assert 'value="compliance+2"' in page and 'value="filing、eia"' in page


def test_editing_changes_removes_and_relinks_nodes_with_an_audit_trail(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("nodeplans_template_new"), post_data(FLOW))
    template = NodeTemplate.objects.get(code="small-flow")
    before = AuditEntry.objects.count()

    # When 环评 gets 15 days and a lag of 3, and 立项/备案 is removed (施工许可 then follows 合规性审查 and 环评)
    rows = [row("compliance", "合规性审查", 5), {**row("filing", "立项/备案", 3, "compliance", "park"), "DELETE": "on"},
            row("eia", "环评", 15, "compliance+3", "named", "区生态环境局"), row("permit", "施工许可", 2, "compliance、eia")]
    response = client.post(reverse("nodeplans_template_edit", args=[template.pk]), post_data(rows, initial=4))

    # Then the template holds the new flow
    assert response.status_code == 302
    assert [n.name for n in template.nodes.all()] == ["合规性审查", "环评", "施工许可"]
    assert template.nodes.get(code="eia").duration_workdays == 15
    assert links(template) == {("合规性审查", "环评", 3), ("合规性审查", "施工许可", 0), ("环评", "施工许可", 0)}
    # And each change is in the audit log: the duration, the lag, the node and links removed, the link added
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert {(e.model, e.action) for e in entries} >= {
        ("nodeplans.templatenode", "change"), ("nodeplans.templatenode", "delete"),
        ("nodeplans.templatelink", "change"), ("nodeplans.templatelink", "delete"),
        ("nodeplans.templatelink", "create")}
    assert any(c["old"] == "10" and c["new"] == "15" for e in entries for c in e.changes)


def test_a_circle_is_refused_naming_the_nodes_on_it(client, coordinator):
    # Given a flow where 规划许可 → 施工图审查 → 施工许可 → 规划许可
    client.force_login(coordinator)
    rows = [row("start", "合规性审查", 3), row("plan", "规划许可", 5, "start、permit"),
            row("review", "施工图审查", 5, "plan"), row("permit", "施工许可", 2, "review")]

    # When it is saved
    response = client.post(reverse("nodeplans_template_new"), post_data(rows), follow=True)

    # Then it is refused with the circle's nodes in order, and nothing is saved
    page = text(response)
    assert "未保存" in page and "循环" in page
    assert "规划许可 → 施工图审查 → 施工许可 → 规划许可" in page
    assert not NodeTemplate.objects.filter(code="small-flow").exists()
    # And the form keeps what was typed
    assert 'value="start、permit"' in response.content.decode()


def test_a_circle_added_to_an_existing_template_leaves_it_as_it_was(client, coordinator):
    # Given a saved template; when 合规性审查 is made to wait for 施工许可 (which waits for it)
    client.force_login(coordinator)
    client.post(reverse("nodeplans_template_new"), post_data(FLOW))
    template = NodeTemplate.objects.get(code="small-flow")
    before = links(template)

    rows = [row("compliance", "合规性审查", 5, "permit"), *FLOW[1:]]
    page = text(client.post(reverse("nodeplans_template_edit", args=[template.pk]), post_data(rows, initial=4)))

    # Then it is refused naming the circle, and the template keeps its links
    assert "循环" in page and "合规性审查" in page.split("循环", 1)[1]
    assert links(template) == before


@pytest.mark.parametrize("after, message", [("nowhere", "前置节点 nowhere 不存在"),
                                            ("compliance+x", "应写作节点代码")])
def test_an_unknown_or_misspelt_predecessor_is_refused(client, coordinator, after, message):
    client.force_login(coordinator)
    rows = [row("compliance", "合规性审查", 5), row("filing", "立项/备案", 3, after)]
    page = text(client.post(reverse("nodeplans_template_new"), post_data(rows)))
    assert "未保存" in page and message in page
    assert not NodeTemplate.objects.filter(code="small-flow").exists()


def test_a_named_owner_needs_its_unit(client, coordinator):
    client.force_login(coordinator)
    page = text(client.post(reverse("nodeplans_template_new"), post_data([row("eia", "环评", 10, "", "named")])))
    assert "须填写单位名称" in page


@pytest.mark.parametrize("role", [Role.LEADER, Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_only_coordinators_keep_templates(client, users, role):
    template = NodeTemplate.objects.order_by("pk").first()
    client.force_login(users[role])
    for url in (reverse("nodeplans_templates"), reverse("nodeplans_template_new"),
                reverse("nodeplans_template_edit", args=[template.pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "只有牵头部门（统筹协调）可以维护促建流程模板" in response.content.decode()
    # And a hand-made POST changes nothing
    response = client.post(reverse("nodeplans_template_edit", args=[template.pk]), post_data(FLOW, initial=0))
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.name != HEADER["name"]


def test_the_list_shows_the_shipped_templates_and_a_missing_one_is_not_found(client, coordinator):
    client.force_login(coordinator)
    page = text(client.get(reverse("nodeplans_templates")))
    assert "产业化项目" in page and "政府投资项目" in page
    assert client.get(reverse("nodeplans_template_edit", args=[99_999_999])).status_code == 404
