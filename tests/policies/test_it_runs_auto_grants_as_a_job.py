"""免申即享 as a job: the page starts a run and follows its job row (queued, reading, matching, writing n / m,
done), shows the result and the way to the review; a failure keeps no half-written run; a task delivered
twice computes one run; the reasons written in batch are the scalar engine's, word for word."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.enterprises.models import Scale
from tuijin.policies import autogrant, matching
from tuijin.policies.models import (
    AutoGrantItem, AutoGrantJob, AutoGrantRun, Clause, JobStatus, JobStep, PolicyEvent, RunStatus,
)

from ..factories import EnterpriseFactory
from ..pages import text
from .conftest import ABOVE_SCALE, HIGH_TECH, SRDI, YEAR, figures, qualify
from .test_it_runs_auto_grants import AS_OF, eligible  # noqa: F401 (fixture)


def start(client):
    return client.post(reverse("policy_run_create"), {"data_year": YEAR, "as_of": AS_OF})


def test_a_run_goes_through_its_job_row_and_ends_on_the_result(client, coordinator, eligible):  # noqa: F811
    client.force_login(coordinator)

    # When a coordinator starts a run
    response = start(client)

    # Then the page goes to the job, whose row the worker (inline under test) took from queued to done
    job = AutoGrantJob.objects.get()
    assert response["Location"] == reverse("policy_run_job", args=[job.pk])
    assert (job.status, job.step, job.enterprises, job.eligible_enterprises) == (
        JobStatus.DONE, JobStep.FINISHED, 2, 2)
    assert (job.done, job.total, job.total_amount) == (2, 2, Decimal("580.00"))
    assert job.started_at <= job.finished_at and job.created_by == coordinator
    assert job.run.status == RunStatus.REVIEWING and job.run.items.count() == 2
    assert list(PolicyEvent.objects.filter(run=job.run).values_list("kind", "changes__items")) == [("run_created", 2)]
    # And the result page says what was found and links to the review, with nothing left polling
    body = client.get(reverse("policy_run_job_status", args=[job.pk]))
    assert "hx-get" not in body.content.decode()
    page = text(body)
    assert "参与测算企业 2 家" in page and "符合企业 2 家" in page and "进入审核" in page


def test_the_job_page_shows_the_progress_bar_while_the_worker_writes(client, coordinator, users):
    # Given a job a worker is writing: 2,000 of 8,000 rows
    job = AutoGrantJob.objects.create(data_year=YEAR, as_of=dt.date(2026, 3, 1), created_by=coordinator,
                                      status=JobStatus.RUNNING, step=JobStep.WRITING, enterprises=200000,
                                      done=2000, total=8000, started_at=timezone.now())
    client.force_login(users[Role.LEADER])

    response = client.get(reverse("policy_run_job", args=[job.pk]))

    # Then the page shows where it is, a bar at 40 % (reading and matching are the first 20 %), and polls
    page = text(response)
    assert "正在写入名单… 已写入 2000 / 8000 条" in page
    html = response.content.decode()
    assert 'aria-valuenow="40"' in html
    assert f'hx-get="{reverse("policy_run_job_status", args=[job.pk])}"' in html
    # A job waiting for a worker says so
    AutoGrantJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, step=JobStep.WAITING, done=0, total=0)
    assert "排队等待测算" in text(client.get(reverse("policy_run_job_status", args=[job.pk])))
    # One silent for ten minutes is said to be stuck, and stops polling
    AutoGrantJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    stuck = client.get(reverse("policy_run_job_status", args=[job.pk]))
    assert "可能因服务重启而中断" in text(stuck) and "hx-get" not in stuck.content.decode()


def test_a_failed_run_keeps_no_rows_and_says_why(client, coordinator, eligible, monkeypatch):  # noqa: F811
    client.force_login(coordinator)
    written, write = [], autogrant._write

    def fail_after_a_batch(job, rows, done):
        written.append(write(job, rows, done))
        raise RuntimeError("disk full")

    monkeypatch.setattr(autogrant, "_write", fail_after_a_batch)

    response = start(client)

    # Then the job failed with a Chinese message, and the run with the rows already written is gone
    job = AutoGrantJob.objects.get()
    assert written and job.status == JobStatus.FAILED and job.run is None
    assert not AutoGrantRun.objects.exists() and not AutoGrantItem.objects.exists()
    assert "测算时发生内部错误，未生成批次" in text(client.get(response["Location"]))
    assert "失败" in text(client.get(reverse("policy_runs")))


def test_a_run_being_written_is_neither_listed_nor_reviewable(client, coordinator, eligible):  # noqa: F811
    client.force_login(coordinator)
    start(client)
    job = AutoGrantJob.objects.get()
    AutoGrantRun.objects.filter(pk=job.run_id).update(status=RunStatus.COMPUTING)  # as while the worker writes
    item = job.run.items.first()

    assert job.run.title not in text(client.get(reverse("policy_runs")))
    detail = client.get(reverse("policy_run", args=[job.run_id]))
    assert detail["Location"] == reverse("policy_run_job", args=[job.pk])
    refused = client.post(reverse("policy_run_bulk", args=[job.run_id]), {"items": [item.pk], "decision": "approve"},
                          follow=True)
    assert "不能再修改审核结果" in text(refused)
    assert not job.run.items.exclude(status="pending").exists()


def test_without_automatic_clauses_no_job_is_started(client, coordinator, policy_library):
    Clause.objects.update(automatic=False)
    client.force_login(coordinator)

    response = client.post(reverse("policy_run_create"), {"data_year": YEAR, "as_of": AS_OF}, follow=True)

    assert "当前没有启用的免申即享条款" in text(response)
    assert not AutoGrantJob.objects.exists()


def test_a_task_delivered_twice_computes_one_run(coordinator, eligible):  # noqa: F811
    job = AutoGrantJob.objects.create(data_year=YEAR, as_of=dt.date(2026, 3, 1), created_by=coordinator)

    first = autogrant.run(job.pk)
    second = autogrant.run(job.pk)

    assert first.status == JobStatus.DONE and second is None
    assert AutoGrantRun.objects.count() == 1


@pytest.mark.parametrize("role", [Role.PARK_STAFF, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_only_those_who_see_every_run_may_follow_a_job(client, users, coordinator, role):
    job = AutoGrantJob.objects.create(data_year=YEAR, as_of=dt.date(2026, 3, 1), created_by=coordinator)
    client.force_login(users[role])

    assert client.get(reverse("policy_run_job", args=[job.pk])).status_code == 403
    assert client.get(reverse("policy_run_job_status", args=[job.pk])).status_code == 403
    assert client.post(reverse("policy_run_create"), {"data_year": YEAR, "as_of": AS_OF}).status_code == 403
    assert not AutoGrantJob.objects.exclude(pk=job.pk).exists()


def test_the_reasons_written_in_batch_are_the_scalar_engines(coordinator, policy_library, park):
    # Given sixty enterprises with varied figures and qualifications, over the whole library
    rng = random.Random(17)
    for n in range(60):
        company = EnterpriseFactory(park=park, scale=rng.choice(list(Scale)))
        revenue = round(rng.lognormvariate(7.5, 1.2), 2)
        figures(company, year=YEAR - 1, revenue=round(revenue / rng.uniform(0.8, 1.5), 2))
        figures(company, revenue=revenue, tax=round(revenue * rng.uniform(0.01, 0.08), 2),
                rd_spend=round(revenue * rng.uniform(0, 0.1), 2), exports=round(revenue * rng.uniform(0, 0.5), 2),
                equipment_investment=round(revenue * rng.uniform(0, 0.2), 2), employees=rng.randint(5, 900),
                rd_staff=rng.randint(0, 90), hightech_revenue=round(revenue * rng.uniform(0, 0.9), 2))
        for kind in (ABOVE_SCALE, HIGH_TECH):
            if rng.random() < 0.5:
                qualify(company, kind)
        if rng.random() < 0.3:
            qualify(company, SRDI, level=rng.choice([1, 2, 3]))
    job = AutoGrantJob.objects.create(data_year=YEAR, as_of=dt.date(2026, 3, 1), created_by=coordinator)

    # When the job runs
    run = autogrant.run(job.pk).run

    # Then every row's reasons are what one enterprise's 政策匹配 page says for that clause
    items = list(run.items.select_related("enterprise"))
    assert len(items) > 40 and len({item.clause_id for item in items}) >= 4
    for item in items:
        match = matching.match_enterprise(item.enterprise, YEAR, dt.date(2026, 3, 1))
        outcome = next(o for o in match.eligible if o.clause.ref.pk == item.clause_id)
        assert item.reasons == outcome.reasons
        assert item.amount == outcome.amount
