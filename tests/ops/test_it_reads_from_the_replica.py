"""A real PostgreSQL streaming replica serves the battle map, and a user's save is read back from the primary.

Collected only when TUIJIN_TEST_REPLICA_URL names a hot standby of the test cluster (``make test``
starts one with ``scripts/pg_throwaway.sh start-replica``; see conftest.py). ``replica1`` is a test
mirror of default, so Django creates no test database there and only gives the alias the test
database's name (``set_as_test_mirror``), keeping the standby's host and port: physical replication
has copied the database pytest created on the primary. The tests commit (``transaction=True``): the
standby replays committed WAL only, so each test waits until it has replayed the primary's writes.
"""

import os

import dj_database_url
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.lib import replicas

from ..pages import form_data, text
from .replication import caught_up

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])
STANDBY = dj_database_url.parse(os.environ["TUIJIN_TEST_REPLICA_URL"])


@pytest.fixture(autouse=True)
def standby(settings):
    """``replica1`` (the standby, holding the test database by replication) with reads routed to it."""
    settings.READ_REPLICAS = ["replica1"]
    settings.REPLICA_PIN_SECONDS = 5
    return connections["replica1"]


def test_it_is_a_real_standby_of_the_test_database(standby):
    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port(), current_database()")
        recovering, port, name = cursor.fetchone()

    assert recovering is True
    assert port == int(STANDBY["PORT"])
    assert name == connections["default"].settings_dict["NAME"]


def test_it_serves_the_battle_map_from_the_replica(client, users, project, standby):
    # Given a leader who opened the battle map once (that computes its cells on the primary), replicated
    client.force_login(users[Role.LEADER])
    caught_up()  # the session row, which the standby will be asked for
    assert client.get(reverse("alerts_dashboard")).status_code == 200
    caught_up()

    # When they open it again
    with CaptureQueriesContext(standby) as on_standby, CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(reverse("alerts_dashboard"))

    # Then the standby answered the page's ORM reads, the projects' figures among them, and the page shows them
    assert response.status_code == 200
    assert "挂图作战" in text(response)
    assert any('"projects_project"' in query["sql"] for query in on_standby)
    assert [query["sql"] for query in on_primary if 'FROM "' in query["sql"]] == []


def test_it_shows_a_save_at_once_though_the_replica_may_lag(client, coordinator, project, standby):
    # Given a coordinator on a project's edit page, served by the standby
    client.force_login(coordinator)
    caught_up()
    with CaptureQueriesContext(standby) as on_standby:
        data = form_data(client.get(reverse("project_edit", args=[project.pk])))
    assert len(on_standby) > 0

    # When they save a new name
    with CaptureQueriesContext(standby) as during_save:
        response = client.post(reverse("project_edit", args=[project.pk]), data | {"name": "年产8万吨正极材料项目"})

    # Then the save went to the primary and pinned the browser there, so the very next page (before the standby
    # need have replayed anything) reads the primary and shows the new name
    assert response.status_code == 302
    assert len(during_save) == 0
    assert replicas.PIN_COOKIE in response.cookies
    with CaptureQueriesContext(standby) as after_save:
        page = text(client.get(reverse("project_detail", args=[project.pk])))
    assert "年产8万吨正极材料项目" in page
    assert len(after_save) == 0

    # And once replayed, another browser reading from the standby sees the same name
    other = type(client)()
    other.force_login(coordinator)
    caught_up()
    with CaptureQueriesContext(standby) as elsewhere:
        page = text(other.get(reverse("project_detail", args=[project.pk])))
    assert "年产8万吨正极材料项目" in page
    assert len(elsewhere) > 0
