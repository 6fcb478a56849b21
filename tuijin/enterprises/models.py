from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from tuijin.lib.uscc import normalise, uscc_problem


class Industry(models.Model):
    """A class of 国民经济行业分类 (GB/T 4754-2017): a 门类 letter or a 2-digit 大类 (and finer codes when needed)."""

    code = models.CharField("行业代码", max_length=5, unique=True)
    name = models.CharField("行业名称", max_length=60)
    parent = models.ForeignKey("self", verbose_name="上级门类", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "国民经济行业"
        verbose_name_plural = "国民经济行业"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Scale(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


def validate_uscc(value):
    problem = uscc_problem(value)
    if problem:
        raise ValidationError(problem, code="uscc")


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user):
        from tuijin.accounts.access import enterprise_scope

        return self.filter(enterprise_scope(user))


class Enterprise(models.Model):
    name = models.CharField("企业名称", max_length=120)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc],
        help_text="18位，含校验位（GB 32100-2015）",
    )
    industry = models.ForeignKey(
        Industry, verbose_name="所属行业", on_delete=models.PROTECT, related_name="enterprises",
        limit_choices_to={"code__regex": r"^\d"},
    )
    scale = models.CharField("企业规模", max_length=10, choices=Scale.choices, default=Scale.SMALL)
    address = models.CharField("注册地址", max_length=200, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    park = models.ForeignKey(
        "accounts.Organisation", verbose_name="所在园区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprises", limit_choices_to={"kind": "park"},
    )
    responsible_official = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="包保领导", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="enterprises_responsible",
    )
    responsible_unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="包保部门", null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprises_responsible",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.uscc:
            self.uscc = normalise(self.uscc)
