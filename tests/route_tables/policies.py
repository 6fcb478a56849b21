"""政策模拟测算's and the 免申即享 job's routes (the rest of 政策兑现 is in tests/test_it_guards_every_route.py)."""

from tuijin.policies import drafts
from tuijin.policies.models import AutoGrantJob, Clause, JobStatus

from ..route_rules import C, L, only

ROUTES = {
    "policy_simulations": only(L, C),
    "policy_simulation_start": only(C, post=True),
    "policy_simulation": only(L, C, obj="draft", form=True, submit=frozenset({C})),
    "policy_simulation_compare": only(L, C, obj="draft_pair"),
    "policy_simulation_export": only(L, C, obj="draft"),
    "policy_simulation_publish": only(C, obj="draft", post=True),
    "policy_simulation_discard": only(C, obj="draft", post=True),
    "policy_run_job": only(L, C, obj="run_job"),
    "policy_run_job_status": only(L, C, obj="run_job"),
}

PAGES = {
    "policy_simulations": ({}, {"status": ["draft", "published", "discarded"]}),
}


def objects(world):
    coordinator = world.users[C]
    clause = Clause.objects.select_related("policy").order_by("pk").first()
    first = drafts.start_draft(actor=coordinator, policy=clause.policy, clause=clause, name="方案A")
    second = drafts.start_draft(actor=coordinator, policy=clause.policy, clause=clause, name="方案B")
    world.single["draft"] = first.pk
    world.single["draft_pair"] = {"pk": first.pk, "other_pk": second.pk}
    world.single["run_job"] = AutoGrantJob.objects.create(
        data_year=2025, as_of=clause.policy.valid_from, created_by=coordinator, status=JobStatus.RUNNING).pk
