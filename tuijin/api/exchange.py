"""数据上报 over the API: a district pushes its ledger file (docs/exchange.md) to this level.

``POST /api/v1/exchange/ledger`` with the JSON Lines file as the body. A token of a user whose unit is a
reporting district pushes that district's file only (another district's is 403, before anything is
read into the database); the level's coordinators may push any district's, a new one included.
Added to the API in ``api.py`` with one ``add_router`` line.
"""

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.errors import HttpError

from tuijin.accounts import access as accounts_access
from tuijin.exchange import access
from tuijin.exchange.importer import ImportRefused, import_ledger, summary
from tuijin.exchange.models import DistrictFeed
from tuijin.lib.ledger import LedgerError

from .schemas import ErrorOut

router = Router(tags=["数据上报"])
MAX_BYTES = 200 * 1024 * 1024  # a province's largest district (5,000 projects, a year of reports) is ~20 MB


class PushOut(Schema):
    district: str
    created: int
    updated: int
    unchanged: int
    conflicts: int
    changed_nothing: bool
    message: str


def pusher_feed(user) -> DistrictFeed | None:
    """The district a user's token may push: the reporting district that is the user's own unit."""
    if not accounts_access.is_active(user) or not user.organisation_id:
        return None
    return DistrictFeed.objects.filter(organisation_id=user.organisation_id).first()


@router.post("/ledger", response={200: PushOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut},
             summary="推送区县台账",
             description="请求体为 export_ledger 导出的 JSON Lines 文件（Content-Type: application/x-ndjson）。"
                         "区县令牌只能推送本区县的文件；同一文件重复推送不产生任何变化；本级改过的记录列为冲突，不覆盖。"
                         "文件有误时返回 400 与“第 N 行：原因”，不写入任何数据。")
def push_ledger(request):
    user = request.auth
    own = pusher_feed(user)
    coordinator = accounts_access.is_coordinator(user) and access.own_feed(user) is None
    if own is None and not coordinator:
        raise PermissionDenied("只有区县的账号（所属单位为上报区县）或本级统筹协调部门可以推送台账。")
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > MAX_BYTES:
        raise HttpError(413, f"台账文件过大（{size // 1024 // 1024} MB），上限 {MAX_BYTES // 1024 // 1024} MB。")
    data = request.read(MAX_BYTES + 1)
    if not data.strip():
        raise HttpError(400, "请求体为空：请把 export_ledger 导出的 .jsonl 文件作为请求体发送。")

    def check(header, feed):
        code = str(header["district"]["code"])
        if own is not None and own.code != code:
            raise ImportRefused(f"该令牌只能推送{own.name}（{own.code}）的台账，文件是区县 {code} 的。", status=403)

    try:
        run = import_ledger(data, actor=user, file_name="API 推送", check=check)
    except LedgerError as error:
        raise HttpError(400, f"{error}；未写入任何数据") from None
    except ImportRefused as refused:
        raise HttpError(refused.status, refused.message_zh) from None
    return {"district": run.feed.name, "created": run.created, "updated": run.updated, "unchanged": run.unchanged,
            "conflicts": run.conflicts, "changed_nothing": run.changed_nothing, "message": summary(run)}
