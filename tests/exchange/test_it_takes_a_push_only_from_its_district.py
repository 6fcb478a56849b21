"""A district pushes its ledger over the API with a token scoped to it; another district's file is refused,
and so is a token of someone who is not a district's or the city's coordinator."""

import pytest
from django.core.management import call_command

from tuijin.accounts.models import Role
from tuijin.api.actions import create_token
from tuijin.exchange.models import DistrictFeed, ImportRun
from tuijin.projects.models import Project
from tests.factories import UserFactory

from . import district, ledgers

URL = "/api/v1/exchange/ledger"


def _push(client, token, body):
    return client.post(URL, body, content_type="application/x-ndjson", headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def files(tmp_path):
    """Two districts' exports, and a city that imported 温江区 once (so 温江区 is an organisation there)."""
    district.build("温江区", ("海峡园",), projects=3, prefix="WJ")
    wenjiang = ledgers.export(tmp_path, "wj.jsonl")
    ledgers.empty_instance()
    district.build("郫都区", ("菁蓉镇",), projects=2, prefix="PD", national=False)
    pidu = ledgers.export(tmp_path, "pd.jsonl", code="510117", district="郫都区")
    ledgers.empty_instance()
    call_command("import_ledger", str(wenjiang))
    return wenjiang.read_bytes(), pidu.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_a_district_token_pushes_its_own_file_and_not_another(files, client):
    wenjiang, pidu = files
    feed = DistrictFeed.objects.get(code="510115")
    user = UserFactory(username="wj", role=Role.PARK_STAFF, organisation=feed.organisation)
    token = create_token(user, name="区县推送")[1]

    # When 温江区's token pushes 温江区's file
    response = _push(client, token, wenjiang)

    # Then it is imported (nothing changed since the last import, and the answer says so)
    assert response.status_code == 200, response.content.decode()
    assert response.json()["changed_nothing"] is True and "无变化" in response.json()["message"]
    assert ImportRun.objects.filter(actor=user).count() == 1

    # When the same token pushes 郫都区's file
    response = _push(client, token, pidu)

    # Then it is refused, in Chinese, and nothing of 郫都区 is written
    assert response.status_code == 403
    assert "只能推送温江区" in response.json()["detail"]
    assert not DistrictFeed.objects.filter(code="510117").exists()
    assert not Project.objects.filter(code__startswith="510117-").exists()


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_pushes_a_new_district_and_others_are_refused(files, client):
    _, pidu = files
    park_user = UserFactory(username="park", role=Role.PARK_STAFF,
                            organisation=DistrictFeed.objects.get().organisation.children.first())
    refused = _push(client, create_token(park_user, name="x")[1], pidu)
    assert refused.status_code == 403 and not DistrictFeed.objects.filter(code="510117").exists()

    coordinator = UserFactory(username="citycoord", role=Role.COORDINATOR)
    response = _push(client, create_token(coordinator, name="x")[1], pidu)
    assert response.status_code == 200 and response.json()["created"] > 0
    assert Project.objects.filter(code__startswith="510117-").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_bad_push_names_the_line_and_writes_nothing(files, client):
    wenjiang, _ = files
    coordinator = UserFactory(username="citycoord", role=Role.COORDINATOR)
    lines = wenjiang.decode().splitlines(keepends=True)
    lines[2] = lines[2].replace('"version":', '"version":"x","old_version":', 1)
    before = ImportRun.objects.count()
    response = _push(client, create_token(coordinator, name="x")[1], "".join(lines).encode())
    assert response.status_code == 400 and "第 3 行" in response.json()["detail"]
    assert ImportRun.objects.count() == before
