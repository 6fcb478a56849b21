"""Creating, using and revoking API tokens."""

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import ApiToken, digest

TOKEN_PREFIX = "tj_"
VISIBLE_CHARS = 8  # after TOKEN_PREFIX: enough to tell tokens apart, far too few to guess one
MAX_ACTIVE_TOKENS = 10
TOUCH_INTERVAL = dt.timedelta(minutes=1)


class TokenRefused(Exception):
    """A token action that is not allowed; the message says why in Chinese."""


def create_token(user, *, name="手机App", actor=None) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the plain token, which is never stored and never shown again."""
    if not user.is_active:
        raise TokenRefused(f"用户“{user.username}”已停用，不能创建 API 令牌。")
    name = (name or "").strip() or "手机App"
    with transaction.atomic():
        if user.api_tokens.active().select_for_update().count() >= MAX_ACTIVE_TOKENS:
            raise TokenRefused(f"每个用户最多同时持有 {MAX_ACTIVE_TOKENS} 个有效令牌，请先吊销不再使用的令牌。")
        plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, prefix=plain[: len(TOKEN_PREFIX) + VISIBLE_CHARS], key_hash=digest(plain),
            created_by=actor,
        )
    return token, plain


def revoke_token(token: ApiToken, *, actor) -> bool:
    """Revoke ``token``; False when it was already revoked (the first revocation is the one on record)."""
    now = timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=actor)
    token.refresh_from_db()
    return bool(revoked)


def token_for(plain: str) -> ApiToken | None:
    """The token (revoked or not) whose plain text is ``plain``, with its user; None when there is none."""
    if not plain or not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=digest(plain)).first()


def touch(token: ApiToken, now=None) -> None:
    """Record the use of ``token`` at most once per ``TOUCH_INTERVAL``, not with a write on every request."""
    now = now or timezone.now()
    if token.last_used_at and now - token.last_used_at < TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL)
    ).update(last_used_at=now)
    token.last_used_at = now
