"""Dated thresholds (``parameters/*.yaml``) that rules refer to as ``{param: name}``.

A parameter has either plain ``values`` or ``brackets`` (a value per band of another figure,
like the 高企 R&D ratio by revenue), each keyed by the date it takes effect. A rule evaluated
for a date sees the values in force on that date, so a run can be reproduced later.
"""

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml

DIRECTORY = Path(__file__).with_name("parameters")


class ParameterError(Exception):
    pass


@lru_cache(maxsize=1)
def definitions() -> dict:
    """Every parameter, from every YAML file in ``parameters/``."""
    found = {}
    for path in sorted(DIRECTORY.glob("*.yaml")):
        for name, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if name in found:
                raise ParameterError(f"参数“{name}”重复定义（{path.name}）")
            if ("values" in spec) == ("brackets" in spec):
                raise ParameterError(f"参数“{name}”须有 values 或 brackets 之一（{path.name}）")
            found[name] = spec
    return found


def kind(name) -> str | None:
    """"values", "brackets", or None for an unknown parameter."""
    spec = definitions().get(name)
    return None if spec is None else ("values" if "values" in spec else "brackets")


def _in_force(name, on: dt.date):
    spec = definitions()[name]
    dated = spec.get("values") or spec.get("brackets")
    applicable = [start for start in dated if _date(start) <= on]
    if not applicable:
        raise ParameterError(f"参数“{name}”在 {on:%Y-%m-%d} 尚未生效")
    return dated[max(applicable, key=_date)]


def value(name, on: dt.date) -> float:
    return float(_in_force(name, on))


def brackets(name, on: dt.date) -> tuple[list[float], list[float]]:
    """(upper bounds, values): a figure below ``bounds[i]`` (and not below an earlier one) gets ``values[i]``."""
    rows = _in_force(name, on)
    return [float(row["below"]) for row in rows if "below" in row], [float(row["value"]) for row in rows]


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
