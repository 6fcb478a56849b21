"""免申即享 as a job, as the coordinator sees it: the run starts, the page shows the job queued and then
its progress bar moving while the worker writes the rows, and turns into the result without a reload.
Screenshots in test-artifacts/screenshots/autogrant-job-*.png."""

import random

import pytest

from tuijin.enterprises.models import Enterprise, Industry, Scale
from tuijin.demo.policies import seed_policies
from tuijin.policies import autogrant, tasks
from tuijin.policies.models import AutoGrantJob, JobStatus

from ..factories import EnterpriseFactory

pytestmark = pytest.mark.browser

DEMO_ENTERPRISES = 400  # the demo district's order of size


@pytest.fixture
def district(db, park, other_park):
    """Demo-sized enterprises with the demo's profiles (figures, qualifications) and the policy library."""
    rng = random.Random(2026)
    codes = ["39", "38", "34", "36", "27", "65", "72", "51"]
    industries = [Industry.objects.get_or_create(code=code, defaults={"name": f"行业{code}"})[0] for code in codes]
    for n in range(DEMO_ENTERPRISES):
        EnterpriseFactory(name=f"锦城示范企业{n:03d}有限公司", park=rng.choice([park, other_park]),
                          industry=rng.choice(industries), scale=rng.choice(list(Scale)))
    seed_policies(seed=2026)


@pytest.mark.django_db(transaction=True)
def test_it_starts_a_run_and_follows_its_progress_to_the_result(page, live_server, log_in, screenshot, users,
                                                                 district, monkeypatch):
    # Given no worker running yet: the job waits in the queue once saved
    monkeypatch.setattr(tasks, "schedule", lambda job: None)
    monkeypatch.setattr(autogrant, "BATCH", 40)
    log_in("coordinator")

    # When the coordinator starts a run from the 免申即享 page
    page.goto(f"{live_server.url}/policies/runs/")
    page.get_by_role("button", name="测算新批次").click()

    # Then the job page shows the run queued, with its progress bar
    page.wait_for_selector("[data-testid=progress]")
    assert "排队等待测算" in page.get_by_test_id("step").inner_text()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "0"
    screenshot("autogrant-job-queued")
    job = AutoGrantJob.objects.get()

    # When a worker takes it, the bar moves as the rows are written (the page polls; no reload)
    write = autogrant._write
    seen = []

    def write_and_look(job_row, items, written):
        written = write(job_row, items, written)
        if not seen:
            page.wait_for_function("() => document.querySelector('[data-testid=step]')"
                                   " && document.querySelector('[data-testid=step]').innerText.includes('写入名单')")
            seen.append(page.get_by_test_id("step").inner_text())
            seen.append(int(page.get_by_role("progressbar").get_attribute("aria-valuenow")))
            screenshot("autogrant-job-writing")
        return written

    monkeypatch.setattr(autogrant, "_write", write_and_look)
    autogrant.run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done > 40
    assert "已写入 40 / " in seen[0] and 20 < seen[1] < 100

    # Then the page turns into the result, and leads to the review
    page.wait_for_selector("[data-testid=done]")
    result = page.get_by_test_id("result").inner_text()
    assert f"参与测算企业\t{Enterprise.objects.count()} 家" in result
    assert f"符合条目（企业×条款）\t{job.done} 条" in result
    screenshot("autogrant-job-done")
    page.get_by_test_id("review").click()
    page.wait_for_selector("[data-testid=run-summary]")
    assert f"待审核 {job.done} · 通过 0 · 排除 0" in page.get_by_test_id("run-summary").inner_text()
