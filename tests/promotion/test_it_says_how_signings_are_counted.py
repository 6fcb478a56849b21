"""目标考核 counts signed projects (a project signed without a lead included), the funnel counts leads: each page
says so under its figures, so 112 against 23 reads as two bases, not a mistake."""

from tests.pages import text
from tuijin.accounts.models import Role


def test_it_names_the_basis_of_each_signing_figure(client, users):
    # Given the coordinator
    client.force_login(users[Role.COORDINATOR])

    # When they open 目标考核 and the funnel
    targets = text(client.get("/promotion/targets/"))
    funnel = text(client.get("/promotion/funnel/"))

    # Then each says what its signings count and that the other counts differently
    assert "签约按签约项目数（含项目直接签约" in targets and "按线索统计" in targets
    assert "签约按线索统计" in funnel and "“目标考核”中的签约按签约项目数（含项目直接签约）" in funnel
