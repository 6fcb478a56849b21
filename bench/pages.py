"""The project list page at full size: response time and a query count that does not grow with the page."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from tuijin.accounts.models import Role, User

from .run import timings

TARGET_MS = 50
URLS = {
    "项目列表（默认排序）": "/projects/",
    "项目列表（在建·亿元以上）": "/projects/?stage=construction&size=100m",
    "项目列表（搜索“新材料”）": "/projects/?q=%E6%96%B0%E6%9D%90%E6%96%99",
    "项目列表 htmx 翻页": "/projects/?page=50",
}


def measure(repeat):
    client = Client()
    client.force_login(User.objects.filter(role=Role.COORDINATOR).first())
    rows = []
    for label, url in URLS.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}

        def fetch():
            response = client.get(url, **headers)
            assert response.status_code == 200, response.status_code

        fetch()
        median, p95 = timings(fetch, repeat)
        rows.append({"name": label, "median": median, "p95": p95, "target": f"p95 ≤ {TARGET_MS} ms",
                     "ok": p95 <= TARGET_MS})
    counts = {}
    for size in (20, 100):
        with override_settings(PROJECTS_PAGE_SIZE=size), CaptureQueriesContext(connection) as queries:
            client.get("/projects/")
        counts[size] = len(queries)
    rows.append({"name": f"查询次数 每页20/100 条：{counts[20]}/{counts[100]}", "median": 0, "p95": 0,
                 "target": "与页大小无关", "ok": counts[20] == counts[100]})
    return rows
