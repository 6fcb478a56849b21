"""Read-only pages read a replica, writes and what follows them read the primary (tuijin.lib.replicas).

``replica1`` is a test mirror of the default database (settings): on SQLite the same file through a
second connection, on PostgreSQL under ``make test`` the real standby (``caught_up`` waits for its
replay). Which connection ran a query shows where the router sent it. The tests commit
(``transaction=True``): a second connection cannot see a test transaction's uncommitted rows, as a
replica cannot see the primary's.
"""

import subprocess
import sys

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.lib import replicas
from tuijin.projects.models import Project

from ..pages import form_data, text
from .replication import caught_up

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


@pytest.fixture
def leader(users):
    from tuijin.accounts.models import Role

    return users[Role.LEADER]


@pytest.fixture(autouse=True)
def _replica_reads(settings):
    settings.READ_REPLICAS = ["replica1"]
    settings.REPLICA_PIN_SECONDS = 5


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def test_it_serves_the_dashboard_from_the_replica(client, leader, project):
    # Given a leader who has opened the battle map once (its first opening of a year computes the cells,
    # on the primary, and reads them back there)
    client.force_login(leader)
    caught_up()
    client.get(reverse("alerts_dashboard"))
    caught_up()

    # When they open it again
    with queries_on("replica1") as on_replica, queries_on("default") as on_primary:
        response = client.get(reverse("alerts_dashboard"))

    # Then the replica answers the page's ORM queries, the projects' figures included (the primary sees at
    # most hand-written SQL on django.db.connection, such as the check that the battle map's triggers exist;
    # the ORM quotes its table names, hand-written SQL here does not)
    assert response.status_code == 200
    assert "挂图作战" in text(response)
    assert any('"projects_project"' in query["sql"] for query in on_replica)
    assert [query["sql"] for query in on_primary if 'FROM "' in query["sql"]] == []


def test_it_shows_a_user_their_own_edit_from_the_primary(client, coordinator, project):
    # Given a coordinator on a project's edit page (read from the replica)
    client.force_login(coordinator)
    caught_up()
    with queries_on("replica1") as on_replica:
        data = form_data(client.get(reverse("project_edit", args=[project.pk])))
    assert len(on_replica) > 0

    # When they save a new name
    data["name"] = "年产8万吨锂电池正极材料项目"
    with queries_on("replica1") as during_save:
        response = client.post(reverse("project_edit", args=[project.pk]), data)

    # Then the save read and wrote the primary only, and pinned this browser there
    assert response.status_code == 302
    assert len(during_save) == 0
    assert replicas.PIN_COOKIE in response.cookies
    # And the page they land on reads the primary and shows the new name
    with queries_on("replica1") as after_save:
        page = text(client.get(reverse("project_detail", args=[project.pk])))
    assert "年产8万吨锂电池正极材料项目" in page
    assert len(after_save) == 0


def test_it_reads_the_replica_again_once_the_pin_has_expired(client, coordinator, project, settings):
    # Given a coordinator who saved something, with pins that last no time at all
    settings.REPLICA_PIN_SECONDS = 0
    client.force_login(coordinator)
    caught_up()
    data = form_data(client.get(reverse("project_edit", args=[project.pk])))
    client.post(reverse("project_edit", args=[project.pk]), data | {"name": "改名后的项目"})
    caught_up()

    # When they open the project again
    with queries_on("replica1") as on_replica:
        page = text(client.get(reverse("project_detail", args=[project.pk])))

    # Then the replica serves it (and, replayed, has the change)
    assert len(on_replica) > 0
    assert "改名后的项目" in page


def test_it_ignores_a_forged_pin(client, coordinator, project):
    # Given a browser whose pin cookie was not signed by this server
    client.force_login(coordinator)
    client.cookies[replicas.PIN_COOKIE] = "1"
    caught_up()

    # When it opens a list
    with queries_on("replica1") as on_replica:
        response = client.get(reverse("project_list"))

    # Then the forged cookie changes nothing: the replica answers
    assert response.status_code == 200
    assert len(on_replica) > 0


def test_it_keeps_the_admin_and_the_api_on_the_primary(client, coordinator, project):
    client.force_login(coordinator)

    with queries_on("replica1") as on_replica:
        admin = client.get("/admin/projects/project/")
        api = client.get("/api/v1/projects")

    assert admin.status_code == 200
    assert api.status_code in (200, 401)
    assert len(on_replica) == 0


def test_it_reads_the_primary_in_atomic_blocks_locks_and_outside_requests(project):
    # Outside a request (commands, huey tasks, the shell): the primary
    assert Project.objects.all().db == "default"
    with replicas.reading_from("replica1") as state:
        # A read-only request: the replica
        assert Project.objects.all().db == "replica1"
        # Inside atomic(): the primary, as the block may write what it reads
        with transaction.atomic():
            assert Project.objects.all().db == "default"
        assert Project.objects.all().db == "replica1"
        # A locking read is a write to Django: the primary, and the request's later reads follow it there
        assert Project.objects.select_for_update().db == "default"
        assert state.wrote
        assert Project.objects.all().db == "default"


def test_it_does_not_let_session_writes_move_a_request(project):
    from django.contrib.sessions.models import Session

    with replicas.reading_from("replica1") as state:
        assert Session.objects.all().select_for_update().db == "default"
        assert not state.wrote
        assert Project.objects.all().db == "replica1"


def test_it_migrates_only_the_primary():
    router = replicas.ReplicaRouter()

    assert router.allow_migrate("default", "projects")
    assert not router.allow_migrate("replica1", "projects")


def _settings_in_a_fresh_process(env):
    """Read tuijin.settings as a server would (not under pytest), printing the aliases and read replicas."""
    code = ("from django.conf import settings as s; import json; "
            "print(json.dumps([sorted(s.DATABASES), s.READ_REPLICAS, "
            "[(a, d['HOST'], d['CONN_MAX_AGE'], d.get('TEST')) for a, d in sorted(s.DATABASES.items())]]))")
    base = {"DJANGO_SETTINGS_MODULE": "tuijin.settings", "DEBUG": "true", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], env=base | env, capture_output=True, text=True, timeout=60)


def test_it_reads_replica_urls_from_the_environment():
    import json

    done = _settings_in_a_fresh_process({
        "DATABASE_URL": "postgres://tuijin@10.0.0.1:5432/tuijin", "DB_CONN_MAX_AGE": "30",
        "DATABASE_REPLICA_URLS": "postgres://tuijin@10.0.0.2:5432/tuijin, postgres://tuijin@10.0.0.3:5432/tuijin",
    })

    assert done.returncode == 0, done.stderr
    aliases, read_replicas, details = json.loads(done.stdout)
    assert aliases == ["default", "replica1", "replica2"]
    assert read_replicas == ["replica1", "replica2"]
    assert [(alias, host, age) for alias, host, age, _ in details] == [
        ("default", "10.0.0.1", 30), ("replica1", "10.0.0.2", 30), ("replica2", "10.0.0.3", 30)]
    assert [test for *_, test in details][1:] == [{"MIRROR": "default"}] * 2


@pytest.mark.parametrize(("env", "message"), [
    ({"DATABASE_REPLICA_URLS": "postgres://tuijin@10.0.0.2/tuijin"},
     "DATABASE_REPLICA_URLS needs DATABASE_URL"),
    ({"DATABASE_URL": "postgres://tuijin@10.0.0.1/tuijin", "DATABASE_REPLICA_URLS": "sqlite:///replica.sqlite3"},
     "DATABASE_REPLICA_URLS must name PostgreSQL databases like DATABASE_URL, got 'sqlite:///replica.sqlite3'"),
    ({"DATABASE_URL": "postgres://tuijin@10.0.0.1/tuijin", "DATABASE_REPLICA_URLS": "10.0.0.2"},
     "DATABASE_REPLICA_URLS has a URL that is not a database URL: '10.0.0.2'"),
    ({"REPLICA_PIN_SECONDS": "-1"}, "REPLICA_PIN_SECONDS must be between 0 and 3600, got -1"),
])
def test_it_refuses_replica_settings_that_cannot_work(env, message):
    done = _settings_in_a_fresh_process(env)

    assert done.returncode != 0
    assert message in done.stderr
