"""The demo district a newcomer logs into after ``make run``: accounts work, every stage shows, data is valid."""

import datetime as dt
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tuijin.accounts.models import Organisation, User
from tuijin.enterprises.models import Enterprise
from tuijin.lib.project_code import national_code_problem
from tuijin.lib.uscc import uscc_problem
from tuijin.projects.models import Category, EventKind, Project, ProjectEvent, Stage

PASSWORD = "tuijin2026"
ACCOUNTS = ["admin", "leader", "coordinator", "park", "dept", "enterprise"]
MILESTONES = ["sign", "register", "preparation", "start", "complete", "operate", "capacity"]
# Written out by hand from domain.md: the milestones behind each stage on the main line.
REACHED = {
    Stage.PLANNING: [],
    Stage.NEGOTIATING: [],
    Stage.SIGNED: ["sign"],
    Stage.REGISTERED: ["sign", "register"],
    Stage.PREPARATION: ["sign", "register", "preparation"],
    Stage.CONSTRUCTION: ["sign", "register", "preparation", "start"],
    Stage.COMPLETED: ["sign", "register", "preparation", "start", "complete"],
    Stage.OPERATING: ["sign", "register", "preparation", "start", "complete", "operate"],
    Stage.AT_CAPACITY: MILESTONES,
}
GOVERNMENT_SKIPS = {"sign", "register"}  # roads and schools have no investor to sign with or register


@pytest.fixture
def seeded(db, capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's documents are real files
    call_command("seed_demo", projects=60, seed=7)
    return capsys.readouterr().out


def test_it_prints_the_demo_accounts_to_log_in_with(seeded):
    assert "http://127.0.0.1:8000/" in seeded
    for username in ACCOUNTS:
        assert re.search(rf"^\s*{username}\s+{PASSWORD}\s", seeded, re.MULTILINE), username


def test_every_demo_account_can_log_in(seeded, client):
    for username in ACCOUNTS:
        assert client.login(username=username, password=PASSWORD), username
        client.logout()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.filter(username__in=ACCOUNTS).values("role").distinct().count() == 5


def test_the_accounts_have_something_to_see(seeded):
    park = User.objects.get(username="park").organisation
    assert park.name == Organisation.objects.filter(kind="park").order_by("sort_order").first().name
    assert Organisation.objects.filter(kind="park").count() == 3
    assert not Organisation.objects.filter(kind="park", short_name="").exists()
    district = Organisation.objects.get(kind="district")
    assert not Organisation.objects.exclude(pk=district.pk).filter(parent__isnull=True).exists()

    enterprise = User.objects.get(username="enterprise").enterprise
    assert enterprise.projects.filter(park=park).count() >= 2

    dept = User.objects.get(username="dept").organisation
    assert dept.name == "住房和城乡建设局"
    assert Project.objects.filter(responsible_unit=dept).count() >= 0.15 * Project.objects.count()
    assert Enterprise.objects.filter(responsible_unit=dept).exists()


def test_every_stage_appears(seeded):
    assert set(Project.objects.values_list("stage", flat=True)) == set(Stage.values)


def test_codes_are_valid_and_unique(seeded):
    assert Enterprise.objects.count() >= 300
    for uscc in Enterprise.objects.values_list("uscc", flat=True):
        assert uscc_problem(uscc) is None, uscc
    national = list(Project.objects.exclude(national_code="").values_list("national_code", flat=True))
    assert national and len(set(national)) == len(national)
    for code in national:
        assert national_code_problem(code) is None, code
        assert code[5:7] == "51"
    for code in Project.objects.values_list("code", flat=True):
        assert re.fullmatch(r"XM20\d\d-\d{5}", code), code


def _line_stage(project):
    """The main-line stage whose milestones the project has passed (side states remember where they left)."""
    if project.stage == Stage.SUSPENDED:
        return project.suspended_from
    if project.stage == Stage.TERMINATED:
        return project.events.get(kind=EventKind.TERMINATED).from_stage
    return project.stage


def test_dates_agree_with_the_stage(seeded):
    today = timezone.localdate()
    for p in Project.objects.all():
        stage = _line_stage(p)
        expected = REACHED[stage]
        if p.category != Category.INDUSTRIAL:
            expected = [m for m in expected if m not in GOVERNMENT_SKIPS]
        actual = {m: getattr(p, f"actual_{m}_date") for m in MILESTONES if getattr(p, f"actual_{m}_date")}
        assert list(actual) == expected, (p.code, p.stage, actual)
        assert all(day <= today for day in actual.values()), p.code
        assert list(actual.values()) == sorted(actual.values()), p.code

        planned = [getattr(p, f"planned_{m}_date") for m in MILESTONES]
        if p.category == Category.INDUSTRIAL:
            assert None not in planned, p.code
        planned = [day for day in planned if day]
        assert len(planned) >= 4 and all(a < b for a, b in zip(planned, planned[1:])), p.code

        started = "start" in actual
        assert bool(p.construction_permit_no) == started, p.code
        if p.stats_filed_on:
            assert started and actual["start"] <= p.stats_filed_on <= today, p.code
        assert (p.stage == Stage.SUSPENDED) == bool(p.suspended_from), p.code
        assert p.stage_changed_at and p.stage_changed_at <= timezone.now()
        assert dt.date(2000, 1, 1) < p.created_at.date() <= today


def test_projects_are_a_plausible_mix(seeded):
    projects = Project.objects.all()
    assert all(p.total_investment >= 500 and p.total_investment.as_tuple().exponent == -2 for p in projects)
    assert {p.category for p in projects} == set(Category.values)
    assert all(abs(float(p.latitude) - 30.60) <= 0.1 for p in projects if p.latitude is not None)
    started = [p for p in projects if p.actual_start_date]
    assert sum(bool(p.stats_filed_on) for p in started) >= 0.6 * len(started)


def test_every_project_has_a_history(seeded):
    for p in Project.objects.prefetch_related("events"):
        # a document filed with the project (上传附件) keeps the version it was filed at: ties go by time
        events = sorted(p.events.all(), key=lambda e: (e.version, e.created_at))
        assert events[0].kind == EventKind.CREATED and events[0].version == 1, p.code
        assert events[-1].version == p.version, p.code
        assert [e.created_at for e in events] == sorted(e.created_at for e in events), p.code
        moves = [e for e in events if e.from_stage]  # edits after the last 调度会 (demo.baselines) move no stage
        if moves:
            assert moves[-1].to_stage == p.stage and moves[0].from_stage == events[0].to_stage, p.code
    assert ProjectEvent.objects.exclude(kind=EventKind.CREATED).exists()


def test_a_second_run_adds_nothing(seeded, capsys):
    counts = (Project.objects.count(), Enterprise.objects.count(), User.objects.count(), ProjectEvent.objects.count())
    call_command("seed_demo", if_empty=True)
    out = capsys.readouterr().out
    assert "跳过" in out and "enterprise" in out
    with pytest.raises(CommandError, match="已有"):
        call_command("seed_demo")
    assert counts == (Project.objects.count(), Enterprise.objects.count(), User.objects.count(),
                      ProjectEvent.objects.count())


def test_it_files_documents_with_demo_projects_that_open(seeded, client):
    # Given the demo district
    from tuijin.projects.models import AttachmentKind, ProjectAttachment

    documents = ProjectAttachment.objects.select_related("project")

    # Then a few projects carry their 批复、许可证、合同、会议纪要, each on the project's history, each a real file
    assert documents.count() >= 10
    assert set(documents.values_list("kind", flat=True)) == set(AttachmentKind.values)
    assert {d.content_type for d in documents} == {"application/pdf", "image/png"}
    document = documents.first()
    assert document.project.events.filter(kind="attached").exists()
    client.login(username="enterprise", password=PASSWORD)
    own = documents.filter(project__enterprise__users__username="enterprise").first()
    assert own is not None
    response = client.get(f"/projects/{own.project_id}/attachments/{own.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] in (b"%PDF-", b"\x89PNG\r")


def test_building_content_states_a_real_floor_area(seeded):
    # Given the seeded district, when its 建设内容 are read
    areas = [match for p in Project.objects.exclude(category=Category.INFRASTRUCTURE)
             for match in re.findall(r"约([\d.]+)(万平方米|平方米)", p.description)]
    # Then each names a floor area above zero, at a 容积率 between 0.6 and 1.5 of its land (1 亩 ≈ 667 平方米)
    assert areas and all(float(number) > 0 for number, _ in areas)
    for p in Project.objects.exclude(category=Category.INFRASTRUCTURE):
        mu = int(re.search(r"约(\d+)亩", p.description).group(1))
        number, unit = re.search(r"约([\d.]+)(万平方米|平方米)", p.description).groups()
        square_metres = float(number) * (10000 if unit == "万平方米" else 1)
        assert 0.5 * mu * 667 <= square_metres <= 1.6 * mu * 667, p.description
