"""After ``seed_demo`` and ``seed_problems`` every demo account opens a workbench with work waiting for it."""

import io

import pytest
from django.core.management import call_command

from tuijin.accounts.models import User
from tuijin.workbench import todos

from ..coordination.clock import at, pin


@pytest.fixture
def demo(db, monkeypatch):
    call_command("seed_demo", projects=120, seed=7, stdout=io.StringIO())
    pin(monkeypatch, at(6, 24, 15))
    call_command("seed_problems", stdout=io.StringIO())


def test_every_demo_role_has_something_to_do(demo):
    kinds = {username: {group.source.key for group in todos.build(User.objects.get(username=username)).groups}
             for username in ("leader", "coordinator", "park", "dept", "enterprise")}

    assert "direct" in kinds["leader"]  # 批示 on the escalated problems of the projects the leader is 包保 for
    assert {"review", "assign"} <= kinds["coordinator"]
    assert "review" in kinds["park"]
    assert {"accept", "reply"} <= kinds["dept"]
    assert kinds["enterprise"] & {"fix", "confirm"}  # a returned report when it has one waiting, replies to confirm
