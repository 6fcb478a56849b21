"""Precision, recall and F1 per field of the extractor on the labelled set in ``eval/articles.yaml``.

``make eval-intel`` runs ``python -m tuijin.intel.evaluate``; ``--split dev|heldout|all`` picks the articles
(the held-out third was scored only once the rules were settled). Fields are compared per article as sets:
name (trailing 项目 ignored, traditional folded to simplified), event and date (each with its project's name),
company, investment and output ((kind, value, currency)), land and floor area ((kind, value, unit)), and
indicators ((value, currency)). No Django.
"""

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import yaml

from .clean import to_simplified
from .reader import read

HERE = Path(__file__).parent / "eval"
FIELDS = ["name", "company", "event", "date", "amount", "area", "indicator"]


def _key(name: str) -> str:
    return to_simplified(name).removesuffix("项目").strip()


def _num(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def gold_sets(article: dict) -> dict:
    sets = {f: set() for f in FIELDS}
    gold = article["gold"]
    for project in gold.get("projects") or []:
        name = _key(project["name"])
        sets["name"].add(name)
        if project.get("company"):
            sets["company"].add((name, to_simplified(project["company"])))
        if project.get("event"):
            sets["event"].add((name, project["event"]))
        if project.get("date"):
            sets["date"].add((name, str(project["date"])))
        for kind in ("investment", "output"):
            if project.get(kind):
                sets["amount"].add((name, kind, _num(project[kind][0]), project[kind][1]))
        for kind in ("land", "floor"):
            if project.get(kind):
                sets["area"].add((name, kind, _num(project[kind][0]), project[kind][1]))
    for value, currency in gold.get("indicators") or []:
        sets["indicator"].add((_num(value), currency))
    return sets


def predicted_sets(article: dict) -> dict:
    raw, is_html = _raw(article)
    reading = read(raw, is_html=is_html, date=_date(article["date"]))
    sets = {f: set() for f in FIELDS}
    for project in reading.extraction.projects:
        name = _key(project.name)
        sets["name"].add(name)
        if project.company:
            sets["company"].add((name, to_simplified(project.company)))
        if project.event:
            sets["event"].add((name, project.event))
        if project.date:
            sets["date"].add((name, project.date))
        for kind, field in (("investment", "investment"), ("output", "output"), ("land", "area"), ("floor", "area")):
            fact = project.first(kind)
            if fact:
                sets["amount" if field != "area" else "area"].add((name, kind, _num(fact.value), fact.unit))
    for fact in reading.extraction.indicators:
        sets["indicator"].add((_num(fact.value), fact.unit))
    return sets


def _raw(article):
    if article.get("file"):
        return (HERE / article["file"]).read_text(encoding="utf-8"), True
    return article["text"], False


def _date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load(split: str = "all") -> list[dict]:
    articles = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))
    return [a for a in articles if split == "all" or a["split"] == split]


def score(articles) -> tuple[dict, list]:
    counts = {f: [0, 0, 0] for f in FIELDS}  # true positives, predicted, gold
    misses = []
    for article in articles:
        gold, predicted = gold_sets(article), predicted_sets(article)
        for f in FIELDS:
            counts[f][0] += len(gold[f] & predicted[f])
            counts[f][1] += len(predicted[f])
            counts[f][2] += len(gold[f])
            for item in sorted(map(str, gold[f] - predicted[f])):
                misses.append((article["id"], f, "漏", item))
            for item in sorted(map(str, predicted[f] - gold[f])):
                misses.append((article["id"], f, "误", item))
    return counts, misses


def table(counts) -> str:
    lines = [f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6}   tp/pred/gold"]
    for f, (tp, pred, gold) in counts.items():
        p = tp / pred if pred else 1.0
        r = tp / gold if gold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"{f:<10} {p:6.3f} {r:6.3f} {f1:6.3f}   {tp}/{pred}/{gold}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="项目情报抽取评测：逐字段的准确率、召回率和 F1")
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--misses", action="store_true", help="列出每一处遗漏（漏）和误报（误）")
    args = parser.parse_args(argv)
    splits = ["dev", "heldout"] if args.split == "all" else [args.split]
    for split in splits:
        articles = load(split)
        counts, misses = score(articles)
        print(f"== {split}: {len(articles)} articles")
        print(table(counts))
        if args.misses:
            for miss in misses:
                print("  ", *miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
