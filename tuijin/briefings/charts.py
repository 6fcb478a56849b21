"""The briefing's charts as PNG images, drawn from the battle map's series with a Chinese font.

matplotlib's object API (``Figure`` without pyplot) on the Agg backend: no display, no global state,
so a worker may draw two packs at once. The font is Noto Sans CJK from Debian's fonts-noto-cjk
(``scripts/ensure_system_packages.sh``); without a CJK font every label would be empty boxes, so a
missing font fails loudly rather than printing a chart nobody can read.
"""

import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
]
RED, BLUE, GREY = "#c00000", "#2f5597", "#a6a6a6"


@lru_cache(maxsize=1)
def cjk_font() -> FontProperties:
    configured = getattr(settings, "BRIEFINGS_CJK_FONT", "")
    for candidate in ([configured] if configured else []) + FONT_CANDIDATES:
        if candidate and Path(candidate).exists():
            return FontProperties(fname=candidate)
    raise RuntimeError("找不到中文字体（fonts-noto-cjk），无法绘制简报图表：请运行 scripts/ensure_system_packages.sh")


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def _style(axes, title, font, unit="亿元"):
    axes.set_title(title, fontproperties=font, fontsize=12)
    axes.set_ylabel(unit, fontproperties=font)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    axes.set_axisbelow(True)


def _legend(axes, font):
    axes.legend(prop=font.copy(), frameon=False, fontsize=9)


def by_park(series: list[dict], title="各园区年度计划投资与完成投资") -> bytes:
    """Grouped bars per park: the year's plan and what is completed (亿元), the completion rate above."""
    font = cjk_font()
    figure = Figure(figsize=(7.0, 3.4))
    axes = figure.subplots()
    names = [row["name"] for row in series] or ["（无数据）"]
    planned = [row["planned"] for row in series] or [0]
    done = [row["done"] for row in series] or [0]
    positions = range(len(names))
    axes.bar([p - 0.2 for p in positions], planned, width=0.4, color=GREY, label="年度计划投资")
    bars = axes.bar([p + 0.2 for p in positions], done, width=0.4, color=BLUE, label="已完成投资")
    for bar, row in zip(bars, series):
        if row.get("rate") is not None:
            axes.annotate(f"{row['rate']:.1f}%", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                          ha="center", va="bottom", fontsize=8, fontproperties=font)
    axes.set_xticks(list(positions), names, fontproperties=font, fontsize=9)
    _style(axes, title, font)
    _legend(axes, font)
    return _png(figure)


def trend(points: list[dict], time_progress=None, title="全年完成投资累计走势") -> bytes:
    """Cumulative completion per month against the plan spread evenly over the year (序时进度)."""
    font = cjk_font()
    figure = Figure(figsize=(7.0, 3.2))
    axes = figure.subplots()
    months = [point["month"] for point in points]
    axes.plot(months, [point["plan"] for point in points], color=GREY, linestyle="--", label="序时计划")
    done = [point["cumulative"] for point in points]
    axes.plot(months, done, color=RED, marker="o", label="累计完成")
    axes.set_xticks(range(len(months)), months, fontproperties=font, fontsize=9)
    subtitle = f"（时间进度 {time_progress:.1f}%）" if time_progress is not None else ""
    _style(axes, title + subtitle, font)
    _legend(axes, font)
    return _png(figure)


def project_months(done: list, planned_total, months_reported: int, title="月度完成投资与计划") -> bytes:
    """One project's monthly completion (bars, 万元) and its cumulative line against the plan spread evenly."""
    font = cjk_font()
    figure = Figure(figsize=(6.4, 2.1))  # one project with its chart and tables fits one page
    axes = figure.subplots()
    labels = [f"{month}月" for month in range(1, 13)]
    values = [float(value) if index < months_reported else 0 for index, value in enumerate(done)]
    axes.bar(range(12), values, color=BLUE, label="当月完成")
    cumulative, running = [], 0.0
    for index, value in enumerate(values):
        running += value
        cumulative.append(running if index < months_reported else None)
    axes.plot(range(12), [float(planned_total or 0) * (month + 1) / 12 for month in range(12)], color=GREY,
              linestyle="--", label="序时计划（累计）")
    axes.plot(range(12), cumulative, color=RED, marker="o", markersize=3, label="累计完成")
    axes.set_xticks(range(12), labels, fontproperties=font, fontsize=8)
    _style(axes, title, font, unit="万元")
    _legend(axes, font)
    return _png(figure)
