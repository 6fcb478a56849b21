"""``match_policies`` runs every enterprise against every clause in one batch and prints the overview."""

from django.core.management import call_command

from .conftest import ABOVE_SCALE, YEAR, figures, qualify


def test_it_prints_each_clause_with_its_count_and_total(policy_library, enterprise, other_enterprise, capsys):
    # Given one 规上 manufacturer with figures, and one that reported only its revenue
    figures(enterprise, equipment_investment="800.00", rd_spend="150.00", revenue="5000.00")
    qualify(enterprise, ABOVE_SCALE)
    figures(other_enterprise, revenue="5000.00")

    # When the bureau runs the batch
    call_command("match_policies", year=YEAR)


    # Then the other, neither 规上 nor with equipment figures, is two conditions short of the subsidy (not listed),
    # but only its R&D figure short of the R&D reward (listed)
    out = capsys.readouterr().out
    assert "锦江新区支持工业企业技术改造和设备投资的若干措施 · 设备投资补助 v1：符合 1 家，预计 80.00 万元；差一项 0 家" in out
    assert "锦江新区鼓励企业加大研发投入的奖励办法 · 研发投入奖励 v1：符合 1 家，预计 7.50 万元；差一项 1 家" in out
    assert "2 家企业 × 14 条条款（2025 年数据）" in out
