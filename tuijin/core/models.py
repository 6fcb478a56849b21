from django.db import models


class HolidayYear(models.Model):
    """A year's official holiday arrangement entered by hand, for years the chinesecalendar package does not know yet.

    The State Council publishes next year's 放假调休 notice in the autumn; a district cannot wait for a package
    release to assign deadlines in working days, so a coordinator enters the notice here.
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice = models.CharField("依据文件", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "法定节假日安排"
        verbose_name_plural = "法定节假日安排"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"


class HolidayDay(models.Model):
    """One day that differs from the Monday–Friday week: a holiday on a weekday, or a make-up workday (调休上班)."""

    holiday_year = models.ForeignKey(HolidayYear, verbose_name="年份", on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("调休上班", default=False, help_text="勾选表示这一天上班（调休）；不勾选表示放假")
    name = models.CharField("节日", max_length=30, blank=True)

    class Meta:
        verbose_name = "放假或调休日"
        verbose_name_plural = "放假或调休日"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '放假'}"


def entered_days(year: int) -> dict | None:
    """The hand-entered days of ``year`` (date → is a workday), or None when nobody entered the year."""
    if not HolidayYear.objects.filter(year=year).exists():
        return None
    return dict(HolidayDay.objects.filter(holiday_year__year=year).values_list("date", "is_workday"))
