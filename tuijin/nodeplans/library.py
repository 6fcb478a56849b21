"""The flow templates shipped with the app (``flows/*.yaml``), loaded by a data migration and by seed_demo.

A file names its nodes by code; ``owner`` is 园区 (the project's park), 包保部门 (its responsible
unit) or the name of a unit; ``after`` lists predecessor codes, ``code+N`` for a lag of N working
days. Loading refuses a file whose links go round in a circle, naming the nodes on it, and leaves
a template that already exists alone (coordinators may have edited it on the 流程模板 page).
"""

from pathlib import Path

import yaml

from . import schedule

FLOWS = Path(__file__).resolve().parent / "flows"
OWNER_WORDS = {"园区": "park", "包保部门": "responsible"}


class FlowFileError(ValueError):
    pass


def read(path) -> dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    codes = [node["code"] for node in data["nodes"]]
    if len(set(codes)) != len(codes):
        raise FlowFileError(f"{Path(path).name}：节点代码重复")
    for node in data["nodes"]:
        node["links"] = []
        for item in node.get("after", []):
            code, _, lag = str(item).partition("+")
            if code not in codes:
                raise FlowFileError(f"{Path(path).name}：节点“{node['name']}”的前置节点 {code} 不存在")
            node["links"].append((code, int(lag or 0)))
    schedule.order([schedule.Node(n["code"], n["name"], n["days"], tuple(n["links"])) for n in data["nodes"]])
    return data


def load(models=None) -> list:
    """Create the shipped templates that do not exist yet; ``models`` maps names to (historical) models."""
    if models is None:
        from .models import NodeTemplate, TemplateLink, TemplateNode

        models = {"NodeTemplate": NodeTemplate, "TemplateNode": TemplateNode, "TemplateLink": TemplateLink}
    Template, Node, Link = models["NodeTemplate"], models["TemplateNode"], models["TemplateLink"]
    made = []
    for path in sorted(FLOWS.glob("*.yaml")):
        data = read(path)
        if Template.objects.filter(code=data["code"]).exists():
            continue
        template = Template.objects.create(code=data["code"], name=data["name"], project_type=data["project_type"],
                                           description=data.get("description", ""))
        nodes = {}
        for order, spec in enumerate(data["nodes"], start=1):
            owner = spec["owner"]
            kind = OWNER_WORDS.get(owner, "named")
            nodes[spec["code"]] = Node.objects.create(
                template=template, code=spec["code"], name=spec["name"], sort_order=order * 10, owner_kind=kind,
                owner_name="" if kind != "named" else owner, duration_workdays=spec["days"])
        Link.objects.bulk_create([Link(predecessor=nodes[code], successor=nodes[spec["code"]], lag_workdays=lag)
                                  for spec in data["nodes"] for code, lag in spec["links"]])
        made.append(template)
    return made
