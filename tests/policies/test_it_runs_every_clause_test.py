"""Every clause carries its own test cases, run here (one test per clause) and by ``policy_tests``."""

import pytest
from django.core.management import CommandError, call_command

from tuijin.policies import library

CASES = library.library_cases()
CLAUSES = sorted({case.clause for case in CASES})


@pytest.mark.parametrize("clause", CLAUSES)
def test_the_clause_passes_its_own_cases(clause):
    failures = [(case.case, case.failures) for case in CASES if case.clause == clause and case.failures]

    assert failures == []


def test_the_library_has_about_ten_marked_example_policies_with_cases():
    specs = [library.read(path) for path in library.files()]

    assert 8 <= len(specs) <= 12
    assert all(spec["policy"]["example"] and "示例" in spec["policy"]["document_number"] for spec in specs)
    assert all(clause.get("tests") for spec in specs for clause in spec["clauses"])


def test_the_command_prints_the_summary(policy_library, capsys):
    call_command("policy_tests")

    assert f"{len(CASES) * 2} passed, 0 failed" in capsys.readouterr().out


def test_the_command_fails_on_a_broken_case(policy_library, capsys):
    # Given a clause in the database whose own case no longer holds
    from tuijin.policies.models import Clause

    target = Clause.objects.get(code="tech-sme")
    target.definition = {**target.definition, "benefit": {"amount": 6}}
    target.save()

    # When the command runs, it names the case and exits non-zero
    with pytest.raises(CommandError, match="1 failed|2 failed"):
        call_command("policy_tests")
    out = capsys.readouterr().out
    assert "✗ jj-2025-high-tech/tech-sme v1（数据库） · 已入库" in out and "金额应为 5.00 万元，实际 6.00 万元" in out
