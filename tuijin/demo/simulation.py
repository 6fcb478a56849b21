"""Demo 政策模拟测算: two drafts revising 设备投资补助, so the simulation and the side-by-side page show at once.

方案A lowers the investment line from 500 to 300 万元 and the cap to 300 万元 (more enterprises, smaller top
payouts); 方案B keeps the line and cuts the rate to 8 % — the two options a finance bureau typically weighs.
"""

import copy

from tuijin.accounts.models import Role, User
from tuijin.policies import drafts
from tuijin.policies.models import Clause


def seed_simulations(*, seed=2026) -> int:
    clause = Clause.objects.select_related("policy").filter(code="equipment-subsidy").first()
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    if clause is None or coordinator is None:
        return 0
    lower = copy.deepcopy(clause.definition)
    for condition in lower["eligibility"]["all"]:
        if condition.get("field") == "equipment_investment":
            condition["value"] = 300
    lower["benefit"]["cap"] = 300
    cheaper = copy.deepcopy(clause.definition)
    cheaper["benefit"]["rate"] = 0.08
    for name, definition in (("方案A：门槛降至300万元、封顶300万元", lower), ("方案B：补助比例降至8%", cheaper)):
        draft = drafts.start_draft(actor=coordinator, policy=clause.policy, clause=clause, name=name)
        drafts.save_draft(draft, actor=coordinator, data={"definition": definition}, version=draft.version)
    return 2
