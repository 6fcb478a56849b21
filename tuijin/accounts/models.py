from django.contrib.auth.models import AbstractUser
from django.db import models


class OrganisationKind(models.TextChoices):
    PROVINCE = "province", "省"  # a province instance's top: districts report up to it (tuijin.exchange)
    CITY = "city", "市州"  # a city instance's top: its districts report up to it (tuijin.exchange)
    DISTRICT = "district", "区县"  # the government at the top of a district's tree; under a city when imported
    BUREAU = "bureau", "局委办"  # a coordinating bureau such as 发改局 or 投促局
    PARK = "park", "园区"  # a park or development zone with its management committee
    DEPARTMENT = "department", "部门"  # a line department that handles approvals and problems


class Organisation(models.Model):
    """A node of the district's organisation tree (district → bureaus, parks, departments)."""

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name


class Role(models.TextChoices):
    LEADER = "leader", "区领导"  # reads everything, changes nothing
    COORDINATOR = "coordinator", "统筹协调（发改/投促）"  # runs the system: sees and changes everything
    PARK_STAFF = "park_staff", "园区工作人员"  # sees and maintains the projects of their own park
    DEPARTMENT_CLERK = "department_clerk", "部门联络员"  # what their department is responsible for (包保)
    ENTERPRISE = "enterprise", "企业用户"  # their own enterprise and its projects only


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="园区工作人员填园区，部门联络员填部门",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="所属企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="仅企业用户填写",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # Coordinators run the admin; nobody else gets in unless made a superuser.
        self.is_staff = self.is_superuser or self.role == Role.COORDINATOR
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.full_name or self.username
