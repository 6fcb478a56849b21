"""The project lifecycle as a state machine: which moves are legal and what evidence each needs.

Pure rules, free of requests and the database: ``actions.change_stage`` applies them.
A move that skips a stage, goes backwards or lacks its evidence is refused with a
message in Chinese that says exactly what is missing.
"""

from dataclasses import dataclass, field
import datetime as dt

from .models import STAGE_MILESTONE, Category, EventKind, Milestone, Stage, actual_field

NEXT_STAGES = {
    Stage.PLANNING: [Stage.NEGOTIATING, Stage.PREPARATION],
    Stage.NEGOTIATING: [Stage.SIGNED],
    Stage.SIGNED: [Stage.REGISTERED],
    Stage.REGISTERED: [Stage.PREPARATION],
    Stage.PREPARATION: [Stage.CONSTRUCTION],
    Stage.CONSTRUCTION: [Stage.COMPLETED],
    Stage.COMPLETED: [Stage.OPERATING],
    Stage.OPERATING: [Stage.AT_CAPACITY],
    Stage.AT_CAPACITY: [],
}
# 停缓建 applies once an investor is committed and before the project is built.
SUSPENDABLE = {Stage.SIGNED, Stage.REGISTERED, Stage.PREPARATION, Stage.CONSTRUCTION}
# Once built, a project is no longer "terminated"; it may stop operating, which is another matter.
TERMINABLE = {
    Stage.PLANNING, Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED,
    Stage.PREPARATION, Stage.CONSTRUCTION, Stage.SUSPENDED,
}


class TransitionRefused(Exception):
    """A stage change that the rules do not allow; ``errors`` maps evidence fields to messages."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


@dataclass
class Evidence:
    """What the person changing the stage provides."""

    date: dt.date | None = None
    permit_no: str = ""
    reason: str = ""
    extra: dict = field(default_factory=dict)

    def as_record(self):
        record = {key: value for key, value in (("date", self.date), ("permit_no", self.permit_no),
                                                ("reason", self.reason)) if value}
        if self.date:
            record["date"] = self.date.isoformat()
        return record | self.extra


def allowed_targets(project) -> list[Stage]:
    """Every stage the project may move to from where it stands."""
    current = Stage(project.stage)
    if current == Stage.SUSPENDED:
        targets = [Stage(project.suspended_from)] if project.suspended_from else []
    else:
        targets = list(NEXT_STAGES.get(current, []))
        if current == Stage.PLANNING and project.category == Category.INDUSTRIAL:
            # Only government-invested projects go straight to approvals; an industrial one needs an investor.
            targets.remove(Stage.PREPARATION)
        if current in SUSPENDABLE:
            targets.append(Stage.SUSPENDED)
    if current in TERMINABLE:
        targets.append(Stage.TERMINATED)
    return targets


def event_kind(source: Stage, target: Stage) -> EventKind:
    if target == Stage.SUSPENDED:
        return EventKind.SUSPENDED
    if target == Stage.TERMINATED:
        return EventKind.TERMINATED
    if source == Stage.SUSPENDED:
        return EventKind.RESUMED
    return EventKind.STAGE_CHANGED


def evidence_fields(target: Stage, project=None) -> list[str]:
    """The evidence a move to ``target`` requires, for building the form."""
    if target in (Stage.SUSPENDED, Stage.TERMINATED):
        return ["reason"]
    if project is not None and project.stage == Stage.SUSPENDED:
        return ["reason"]
    fields = []
    if target in STAGE_MILESTONE:
        fields.append("date")
    if target == Stage.CONSTRUCTION:
        fields.append("permit_no")
    return fields


def _earlier_actuals(project, milestone: Milestone):
    """Actual dates of the milestones before ``milestone``, which the new date must not precede."""
    order = list(Milestone)
    for earlier in order[: order.index(milestone)]:
        value = getattr(project, actual_field(earlier))
        if value:
            yield earlier, value


def illegal_move_message(project, target: Stage) -> str | None:
    """Why ``project`` cannot move to ``target`` at all, whatever the evidence; None when it may."""
    targets = allowed_targets(project)
    if target in targets:
        return None
    hint = "、".join(stage.label for stage in targets) or "无（已是最终状态）"
    return f"不能从“{Stage(project.stage).label}”直接变更为“{Stage(target).label}”。当前可变更为：{hint}。"


def check_transition(project, target: Stage, evidence: Evidence, today: dt.date) -> None:
    """Raise ``TransitionRefused`` unless ``project`` may move to ``target`` on this evidence."""
    target = Stage(target)
    message = illegal_move_message(project, target)
    if message:
        raise TransitionRefused(message)
    errors = {}
    required = evidence_fields(target, project)
    if "reason" in required and not evidence.reason.strip():
        errors["reason"] = {
            Stage.SUSPENDED: "请填写停缓建原因",
            Stage.TERMINATED: "请填写终止原因",
        }.get(target, "请填写复工说明")
    if "date" in required:
        milestone = STAGE_MILESTONE[target]
        if evidence.date is None:
            errors["date"] = f"请填写实际{milestone.label}日期"
        elif evidence.date > today:
            errors["date"] = f"实际{milestone.label}日期不能晚于今天（{today:%Y-%m-%d}）"
        else:
            for earlier, value in _earlier_actuals(project, milestone):
                if evidence.date < value:
                    errors["date"] = (
                        f"实际{milestone.label}日期（{evidence.date:%Y-%m-%d}）"
                        f"不能早于实际{earlier.label}日期（{value:%Y-%m-%d}）"
                    )
    if "permit_no" in required and not (evidence.permit_no.strip() or project.construction_permit_no):
        errors["permit_no"] = "开工须提供施工许可证号"
    if target == Stage.REGISTERED and not project.enterprise_id:
        errors["__all__"] = "注册前须先在项目信息中关联项目单位（在本地注册的企业）"
    if errors:
        raise TransitionRefused(f"无法变更为“{target.label}”：" + "；".join(errors.values()), errors)



DATE_KINDS = (("planned", "计划"), ("actual", "实际"))
DATE_FIELDS = [f"{kind}_{milestone}_date" for kind, _label in DATE_KINDS for milestone in Milestone]


def date_order_problems(dates: dict, today: dt.date, *, touched=None):
    """(field, message) for each milestone date out of order, and for each actual date in the future.

    ``dates`` holds the record's milestone dates as they would be after the change (field name →
    date or None). Planned dates and actual dates each follow the milestone order (签约 → … → 达产).
    ``touched`` names the fields being changed: a problem is reported only when it involves one of
    them, so that an import of one column does not refuse a row for an old inconsistency it did not
    make (None: report every problem, as the edit form does). The one definition of the rule used
    by the edit form, ``actions.update_project`` and the project import.
    """
    for kind, label in DATE_KINDS:
        previous = None
        for milestone in Milestone:
            name = f"{kind}_{milestone}_date"
            value = dates.get(name)
            if not value:
                continue
            mine = touched is None or name in touched
            if kind == "actual" and value > today and mine:
                yield name, f"实际日期不能晚于今天（{today:%Y-%m-%d}）"
            if previous and value < previous[1] and (mine or touched is None or previous[2] in touched):
                yield (name, f"{label}{milestone.label}日期（{value:%Y-%m-%d}）不能早于"
                             f"{label}{previous[0].label}日期（{previous[1]:%Y-%m-%d}）")
            previous = (milestone, value, name)
