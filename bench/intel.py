"""项目情报: articles per second on one core, target ≥ 200 articles/s of ~3,000 characters, beside jionlp.

The articles are the evaluation set's plain-text reports (tuijin/intel/eval/articles.yaml) strung together
into ~3,000-character articles (denser in facts than real news, so a hard case), plus the set's copied HTML
pages. Timed per article:

- our extraction on the simplified text (``extract.extract``);
- the whole read of pasted text (boilerplate rules, OpenCC t2s with spans kept, extraction: ``reader.read``);
- the whole read of a copied HTML page (trafilatura or our block text, then the same);
- jionlp's money and time extractors (``jio.ner.extract_money`` + ``extract_time``) on the same ~3,000-character
  articles, for comparison: they find amounts and dates but neither projects, areas, events nor indicators.
  jionlp is a bench-only dependency (requirements/bench.txt); tuijin/ never imports it.

No database. Standalone: ``.venv/bin/python bench/intel.py [--articles N]``; part of ``make bench``.
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

TARGET_PER_SECOND = 200
SIZE = 3000


def articles(count: int) -> list[str]:
    """``count`` articles of about 3,000 characters from the evaluation set's plain-text reports."""
    from tuijin.intel import evaluate

    texts = [a["text"].strip() for a in evaluate.load() if a.get("text")]
    out, start = [], 0
    while len(out) < count:
        parts, length, index = [], 0, start
        while length < SIZE:
            text = texts[index % len(texts)]
            parts.append(text)
            length += len(text) + 1
            index += 1
        out.append("\n".join(parts)[:SIZE + 200])
        start += 1
    return out


def pages() -> list[str]:
    from tuijin.intel.evaluate import HERE

    return [p.read_text(encoding="utf-8") for p in sorted((HERE / "pages").glob("*.html"))]


def _rate(function, items, rounds=3):
    """(articles per second, ms per article median over rounds, ms p95 over single articles)."""
    per_item = []
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            t = time.perf_counter()
            function(item)
            per_item.append((time.perf_counter() - t) * 1000)
        best = max(best, len(items) / (time.perf_counter() - started))
    per_item.sort()
    return best, per_item[len(per_item) // 2], per_item[int(len(per_item) * 0.95)]


def measure(repeat=3, count=200):
    from tuijin.intel import clean, extract, reader

    day = dt.date(2026, 6, 1)
    corpus = articles(count)
    simplified = [clean.to_simplified(a) for a in corpus]
    html = pages() * max(1, count // 30)
    rows = []
    rate, median, p95 = _rate(lambda s: extract.extract(s, day), simplified, repeat)
    rows.append({"name": f"项目情报 抽取（{count} 篇约 3,000 字，简体正文）", "median": median, "p95": p95,
                 "target": f"≥ {TARGET_PER_SECOND} 篇/秒", "ok": rate >= TARGET_PER_SECOND,
                 "peer": f"{rate:.0f} 篇/秒"})
    rate, median, p95 = _rate(lambda a: reader.read(a, is_html=False, date=day), corpus, repeat)
    rows.append({"name": "项目情报 全流程（去噪 + 繁简转换 + 抽取，粘贴文本）", "median": median, "p95": p95,
                 "target": f"≥ {TARGET_PER_SECOND} 篇/秒", "ok": rate >= TARGET_PER_SECOND,
                 "peer": f"{rate:.0f} 篇/秒"})
    rate, median, p95 = _rate(lambda a: reader.read(a, is_html=True, date=day), html, repeat)
    rows.append({"name": f"项目情报 全流程（网页 HTML，trafilatura + 规则，{len(html)} 页）", "median": median, "p95": p95,
                 "target": "—", "ok": None, "peer": f"{rate:.0f} 篇/秒"})
    try:
        os.environ.setdefault("JIONLP_LOG", "0")
        import jionlp as jio
    except ImportError:
        rows.append({"name": "jionlp 金额 + 时间抽取（未安装 requirements/bench.txt）", "median": 0, "p95": 0,
                     "target": "—", "ok": None})
        return rows
    base = time.mktime(day.timetuple())
    sample = corpus[: max(10, count // 10)]

    def jionlp_extract(text):
        jio.ner.extract_money(text)
        jio.ner.extract_time(text, time_base=base)

    rate, median, p95 = _rate(jionlp_extract, sample, 1)
    rows.append({"name": f"jionlp extract_money + extract_time（同样文章 {len(sample)} 篇）", "median": median, "p95": p95,
                 "target": "对照", "ok": None, "peer": f"{rate:.1f} 篇/秒"})
    return rows


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="文章篇数（默认 200）")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from .run import format_table

    print(format_table(measure(args.repeat, args.articles)))


if __name__ == "__main__":
    main()
