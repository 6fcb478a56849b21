"""擂台赛 / 红黑榜: which units are ranked, on which measures with which weights, and the red/black rules.

A board is what coordinators configure once and the monthly meeting reads for any period: the kind of
unit it ranks (parks against parks, departments against departments), the measures and their weights, and
the two rules that put a unit on the red list or the black list. The figures themselves are never stored:
``calculations`` computes them for the period asked, through the functions the other pages use.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tuijin.lib.events import source_field


class Measure(models.TextChoices):
    SIGNINGS = "signings", "签约项目目标完成率"  # first signings in the period / the unit's signing targets for it
    LANDINGS = "landings", "落地项目"  # leads landed in the period, scored against the best unit
    STARTS = "starts", "开工项目"  # the unit's projects that started construction in the period, against the best
    INVESTMENT = "investment", "投资完成率"  # completed investment of the to-month's year through it / yearly plans
    SOLVED = "solved", "问题解决率"  # lead turns closed and confirmed solved / lead turns received (吹哨报到)
    ON_TIME = "on_time", "按时报到率"  # lead turns reported in by the end of the next working day / received
    PUNCTUALITY = "punctuality", "月报按时报送率"  # monthly reports sent by the deadline / reports due

    @property
    def is_count(self):
        """Counts are scored against the best unit of the board (the best gets 100)."""
        return self in (Measure.LANDINGS, Measure.STARTS)


class UnitKind(models.TextChoices):
    PARK = "park", "园区"  # parks and development zones
    BUREAU = "bureau", "局委办"  # coordinating bureaus
    DEPARTMENT = "department", "部门"  # line departments


class Board(models.Model):
    """A leaderboard's configuration (擂台赛), edited by coordinators."""

    name = models.CharField("名称", max_length=60, unique=True)
    unit_kind = models.CharField("参赛单位类型", max_length=20, choices=UnitKind.choices, default=UnitKind.PARK)
    red_top = models.PositiveSmallIntegerField("红榜名次", default=3, help_text="前几名可上红榜")
    red_min_score = models.DecimalField("红榜最低得分", max_digits=5, decimal_places=1, default=Decimal("80"),
                                        validators=[MinValueValidator(0), MaxValueValidator(100)])
    black_bottom = models.PositiveSmallIntegerField("黑榜名次", default=1, help_text="倒数几名上黑榜（0 为不按名次）")
    black_below = models.DecimalField("黑榜得分线", max_digits=5, decimal_places=1, default=Decimal("60"),
                                      validators=[MinValueValidator(0), MaxValueValidator(100)],
                                      help_text="得分低于此线上黑榜")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "擂台赛"
        verbose_name_plural = "擂台赛"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class BoardMeasure(models.Model):
    """One measure of a board and its weight (权重)."""

    board = models.ForeignKey(Board, verbose_name="擂台赛", on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField("指标", max_length=20, choices=Measure.choices)
    weight = models.PositiveSmallIntegerField("权重", validators=[MinValueValidator(1), MaxValueValidator(100)])

    class Meta:
        verbose_name = "擂台赛指标"
        verbose_name_plural = "擂台赛指标"
        ordering = ["board", "pk"]
        constraints = [models.UniqueConstraint(fields=["board", "measure"], name="one_weight_per_board_measure")]

    def __str__(self):
        return f"{self.get_measure_display()}×{self.weight}"


class BoardEvent(models.Model):
    """Append-only history of a board's configuration: who changed which weight or rule, from what."""

    board = models.ForeignKey(Board, verbose_name="擂台赛", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    source = source_field()
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "擂台赛设置记录"
        verbose_name_plural = "擂台赛设置记录"
        ordering = ["-created_at", "-pk"]
