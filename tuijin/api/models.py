"""API tokens: a phone app or a script calls the API as one user, with that user's permissions.

Only a SHA-256 digest of a token is stored; the plain token is shown once, when it is created,
and a short prefix stays visible so that people can tell their tokens apart.
"""

import hashlib

from django.conf import settings
from django.db import models


def digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("名称", max_length=50, default="手机App", help_text="用途，如“手机App”“数据对接脚本”")
    prefix = models.CharField("令牌前缀", max_length=16, help_text="完整令牌只在创建时显示一次，此处仅用于辨认")
    key_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True,
                                        help_text="至多每分钟更新一次")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="吊销人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"
