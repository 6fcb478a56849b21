"""The project list's sort and its search read indexes on both databases (EXPLAIN), in flat query counts.

On small data a planner may rightly prefer a scan, so PostgreSQL's plan is taken with
``enable_seqscan = off``: the check is that an index able to serve the query exists and matches it
(the sort as the form writes it, ``UPPER(name)`` as ``icontains`` writes it).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuijin.accounts.models import Role
from tuijin.projects.exports import listed_projects

from tests.factories import EnterpriseFactory, ProjectFactory


def plan(queryset, *, bitmap=False):
    """The query plan; on PostgreSQL without sequential scans (and, with ``bitmap``, without walking a
    whole index in order either: the search must find its rows through an index condition)."""
    sql, params = queryset.query.sql_with_params()
    switches = ["enable_seqscan"] + (["enable_indexscan", "enable_indexonlyscan"] if bitmap else [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for switch in switches:
                cursor.execute(f"SET {switch} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            rows = cursor.fetchall()
            for switch in switches:
                cursor.execute(f"SET {switch} = on")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            rows = cursor.fetchall()
    return "\n".join(" ".join(str(part) for part in row) for row in rows)


@pytest.fixture
def listed(db, park):
    enterprise = EnterpriseFactory(name="ABC新材料科技有限公司")
    for number in range(12):
        ProjectFactory(name=f"年产{number}万吨ABC新材料项目", park=park, total_investment=Decimal(1000 + number))
    ProjectFactory(name="冷链物流中心", park=park, enterprise=enterprise, total_investment=Decimal(500))


def test_the_list_sorted_by_investment_reads_the_sort_index(users, listed):
    _, projects = listed_projects(users[Role.COORDINATOR], {"sort": "investment"})
    page = projects[:20]
    text = plan(page)
    if connection.vendor == "postgresql":
        assert "project_investment_order" in text, text
    else:
        assert "USE TEMP B-TREE FOR ORDER BY" not in text, text


def test_the_default_order_is_the_sort_form_s_order(users, listed):
    _, default = listed_projects(users[Role.COORDINATOR], {})
    _, sorted_ = listed_projects(users[Role.COORDINATOR], {"sort": "investment"})
    assert str(default.query).split("ORDER BY")[1] == str(sorted_.query).split("ORDER BY")[1]


def test_search_reads_the_trigram_index(users, listed):
    # Given a search for a name part ("ABC": trigrams in any locale, Chinese needs a UTF-8 LC_CTYPE on PostgreSQL)
    _, projects = listed_projects(users[Role.COORDINATOR], {"q": "ABC"})
    text = plan(projects.order_by().values("pk"), bitmap=True)  # what the paginator counts: every match
    if connection.vendor == "postgresql":
        assert "project_name_trgm" in text, text
    else:
        assert "projects_name_fts" in text and "enterprises_name_fts" in text, text
    # And the project found through its enterprise's name is listed with those found by their own name
    assert projects.count() == 13
    assert "冷链物流中心" in {project.name for project in projects}


def test_search_finds_chinese_names_and_follows_renames(users, listed):
    _, projects = listed_projects(users[Role.COORDINATOR], {"q": "新材料"})
    assert projects.count() == 13
    renamed = projects.filter(name__startswith="年产0").get()
    renamed.name = "年产0万吨光伏组件项目"
    renamed.save()
    _, projects = listed_projects(users[Role.COORDINATOR], {"q": "新材料"})
    assert projects.count() == 12
    _, projects = listed_projects(users[Role.COORDINATOR], {"q": "光伏组件"})
    assert [project.name for project in projects] == ["年产0万吨光伏组件项目"]
    # a short term (no trigram) and a term with LIKE's wildcard still search by scanning
    _, projects = listed_projects(users[Role.COORDINATOR], {"q": "光伏"})
    assert projects.count() == 1
    _, projects = listed_projects(users[Role.COORDINATOR], {"q": "ABC%"})
    assert projects.count() == 0


def test_the_search_page_keeps_its_query_count_flat(client, users, listed, park):
    client.force_login(users[Role.COORDINATOR])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/projects/", {"q": "新材料"}).status_code == 200
    for number in range(10):
        ProjectFactory(name=f"又一个新材料项目{number}", park=park, total_investment=Decimal(50000 + number))
    with CaptureQueriesContext(connection) as more:
        response = client.get("/projects/", {"q": "新材料"})
    assert "又一个新材料项目0" in response.content.decode()
    assert len(more) == len(few)
