"""A district project reported further on than its record is offered one step on, with the lifecycle's evidence."""

from django.urls import reverse

from tuijin.intel import actions, calculations
from tuijin.intel.models import IntelEvent, IntelEventKind, Origin
from tuijin.projects.models import Stage

REPORT = "近日，年产5万吨锂电池正极材料项目主体厂房顺利封顶。该项目总投资12亿元。"


def test_a_reported_topping_out_offers_construction_for_a_project_in_preparation(client, coordinator, project):
    # Given the district's project still at 前期手续
    project.stage = Stage.PREPARATION
    project.save()

    # When the news reports it topped out
    article, _ = actions.submit_article(actor=coordinator, raw=REPORT, origin=Origin.PASTE)
    finding = article.findings.get()

    # Then the finding is linked to the project and the page offers 在建
    assert finding.matched_project == project
    client.force_login(coordinator)
    page = client.get(reverse("intel_article", args=[article.pk])).content.decode()
    assert "更新为“在建”" in page

    # When the coordinator applies it without the permit number the lifecycle needs, it is refused and says why
    response = client.post(reverse("intel_update_project", args=[finding.pk]), follow=True)
    project.refresh_from_db()
    assert project.stage == Stage.PREPARATION
    assert "未更新" in response.content.decode()

    # And with it, the project moves to 在建 and both histories record it
    client.post(reverse("intel_update_project", args=[finding.pk]), {"permit_no": "320100202605100101"})
    project.refresh_from_db()
    assert project.stage == Stage.CONSTRUCTION
    assert IntelEvent.objects.filter(finding=finding, kind=IntelEventKind.PROJECT_UPDATED).exists()


def test_the_offer_is_one_step_and_never_backwards():
    assert calculations.stage_offer(Stage.PREPARATION, "封顶") == Stage.CONSTRUCTION
    assert calculations.stage_offer(Stage.CONSTRUCTION, "投产") == Stage.COMPLETED
    assert calculations.stage_offer(Stage.CONSTRUCTION, "开工") is None
    assert calculations.stage_offer(Stage.OPERATING, "签约") is None
    assert calculations.stage_offer(Stage.SUSPENDED, "竣工") is None


def test_names_reported_differently_still_match():
    lead = calculations.Candidate("lead", 1, "华芯半导体封装测试基地项目", "江苏华芯微电子有限公司")
    other = calculations.Candidate("lead", 2, "华兴汽车电子项目", "华兴电子有限公司")
    match = calculations.best_match("华芯半导体封装测试基地一期项目", "", "", [other, lead])
    assert match.candidate == lead
    assert calculations.best_match("同创生物疫苗产业化项目", "", "", [other, lead]) is None
