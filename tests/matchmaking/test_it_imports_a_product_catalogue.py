"""本土产品 from a park's sheet: new products published, known ones updated, every row checked first, scope kept."""

from tuijin.accounts.models import Role
from tuijin.imports.models import ImportJob, ImportStatus
from tuijin.matchmaking import calculations
from tuijin.matchmaking.importers import OfferingImporter
from tuijin.matchmaking.models import ListingStatus, MatchLog, Offering

from ..imports.sheets import page_text, upload, xlsx

HEADER = ["统一社会信用代码", "产品名称", "类型", "产品描述", "产品所属行业", "产能"]


def test_park_staff_import_their_catalogue_and_it_is_matched_at_once(client, users, market, settings, tmp_path):
    settings.IMPORTS_RUN_INLINE, settings.MEDIA_ROOT = True, tmp_path / "media"
    # Given the battery maker (高新园) already lists 磷酸铁锂电芯, and a sheet updating it and adding a product
    battery = market["firms"]["battery"]
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([HEADER, [battery.uscc, "磷酸铁锂电芯", "产品", "车规级磷酸铁锂电池电芯 314Ah", "38", "年产 5GWh"],
                    [battery.uscc, "储能电池柜", "产品", "磷酸铁锂储能电池柜", "38", ""]])

    # When it is uploaded and applied
    assert "将新增" in page_text(upload(client, content, "产品.xlsx", kind="offerings"))
    job = ImportJob.objects.get()
    client.post(f"/imports/{job.pk}/apply/")

    # Then one product is updated, one published, each with its history row, and the new text is matched
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and (job.summary["created"], job.summary["updated"]) == (1, 1)
    cells = Offering.objects.get(enterprise=battery, name="磷酸铁锂电芯")
    assert (cells.capacity, cells.description) == ("年产 5GWh", "车规级磷酸铁锂电池电芯 314Ah")
    assert Offering.objects.get(name="储能电池柜").status == ListingStatus.PUBLISHED
    assert MatchLog.objects.filter(summary__startswith="导入").count() == 2
    assert calculations.suggest(market["need"])[0].offering == cells


def test_every_bad_row_is_named_and_another_park_stays_out(users, market):
    # Given a sheet from 高新园's staff with a 临港园 enterprise, an unknown industry and a duplicate
    battery, carmaker = market["firms"]["battery"], market["firms"]["carmaker"]
    rows = [[carmaker.uscc, "电动乘用车", "产品", "", "", ""], [battery.uscc, "电芯", "产品", "", "99", ""],
            [battery.uscc, "电池包", "", "", "", ""], [battery.uscc, "电池包", "", "", "", ""]]

    # When it is checked
    outcome = OfferingImporter(users[Role.PARK_STAFF]).validate(xlsx([HEADER, *rows]), "产品.xlsx")

    # Then each problem names its row and field, and nothing is written
    problems = [(p["row"], p["column"], p["reason"]) for p in outcome.problems]
    assert [(row, column) for row, column, _ in problems] == [(2, "统一社会信用代码"), (3, "产品所属行业"), (5, "产品名称")]
    assert problems[0][2] == f"统一社会信用代码“{carmaker.uscc}”对应的企业不在您的权限范围内，不能导入其产品"
    assert problems[1][2].startswith("未找到行业“99”")
    assert problems[2][2] == "“电池包”与第4行是同一企业的同一产品"
    assert not Offering.objects.filter(name__in=["电芯", "电池包"]).exists()


def test_enterprises_leaders_and_departments_cannot_import(users):
    for role in (Role.ENTERPRISE, Role.LEADER, Role.DEPARTMENT_CLERK):
        assert not OfferingImporter.allowed(users[role])
    assert OfferingImporter.allowed(users[Role.COORDINATOR]) and OfferingImporter.allowed(users[Role.PARK_STAFF])
