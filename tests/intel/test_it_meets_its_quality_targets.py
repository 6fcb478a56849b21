"""The labelled set (tuijin/intel/eval/articles.yaml, dev and held-out) meets the issue's targets field by field."""

from tuijin.intel import evaluate

TARGETS = {"amount": 0.95, "area": 0.95, "name": 0.85, "event": 0.85, "date": 0.9}


def _f1(tp, predicted, gold):
    p = tp / predicted if predicted else 1.0
    r = tp / gold if gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def test_the_set_has_forty_articles_with_html_and_traditional_ones():
    articles = evaluate.load()
    assert len(articles) >= 40
    assert sum(1 for a in articles if a.get("file")) >= 5
    assert sum(1 for a in articles if a.get("text") and evaluate.to_simplified(a["text"]) != a["text"]) >= 6
    assert sum(1 for a in articles if a["split"] == "heldout") >= len(articles) // 3


def test_every_field_meets_its_target_on_the_whole_set():
    counts, misses = evaluate.score(evaluate.load())
    below = {field: round(_f1(*counts[field]), 3) for field, target in TARGETS.items() if _f1(*counts[field]) < target}
    assert not below, f"below target: {below}; misses: {misses[:20]}"
