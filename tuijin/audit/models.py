"""The audit log: who changed which record, when, from where, and the values before and after.

Event tables (``ProjectEvent`` …) tell a record's *story* in the words of its domain; the audit
log is the flat, complete trail an inspector asks for — every create, change and delete of the
business records whatever door it came through (page, API, admin, import, command). It is
append-only three times over: the admin offers no add/change/delete, the model refuses to save
an existing row or to delete, and database triggers (migration 0002) refuse UPDATE and DELETE.
"""

from django.conf import settings
from django.db import models

from tuijin.lib.context import SOURCE_CHOICES


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"  # the record was created
    CHANGE = "change", "修改"  # one or more fields of the record changed
    DELETE = "delete", "删除"  # the record was deleted


class AppendOnly(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("审计记录只能新增，不能修改。")

    def delete(self):
        raise AppendOnly("审计记录只能新增，不能删除。")


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)  # kept after the user is deleted
    address = models.CharField("地址", max_length=45, blank=True)
    source = models.CharField("来源", max_length=10, choices=SOURCE_CHOICES)
    action = models.CharField("操作", max_length=10, choices=AuditAction.choices)
    model = models.CharField("数据类型", max_length=100)  # app_label.modelname
    model_label = models.CharField("数据类型名称", max_length=100)
    object_pk = models.CharField("记录编号", max_length=64)
    object_repr = models.CharField("记录", max_length=200)
    changes = models.JSONField("变更内容", default=list, blank=True)  # [{field, label, old, new}]

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["model", "object_pk", "at"], name="audit_record_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self):
        return f"{self.actor_name or '系统'} {self.get_action_display()} {self.model_label}「{self.object_repr}」"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnly("审计记录只能新增，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("审计记录只能新增，不能删除。")
