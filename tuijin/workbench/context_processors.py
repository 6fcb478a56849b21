"""The navigation every page shows: the modules a user may open, and those still being built."""

from django.utils.functional import SimpleLazyObject

from tuijin.accounts import access
from tuijin.briefings import access as briefings_access
from tuijin.leaderboards import access as lb_access
from tuijin.monitoring import access as mon_access
from tuijin.nodeplans.access import can_open_todo as can_open_node_todo

# (url name, label, icon, who may see it — None for everyone signed in); a None url is a module to come.
NAVIGATION = [
    ("home", "工作台", "speedometer2", None),
    ("project_list", "项目管理", "kanban", None),
    ("baseline_compare", "基线对比", "clock-history", None),
    ("progress_overview", "投资进度", "graph-up-arrow", None),
    ("nodeplans_todo", "促建流程", "diagram-3", can_open_node_todo),
    ("enterprise_list", "企业服务", "buildings", None),
    ("coordination_problems", "问题协调", "megaphone", None),
    ("alerts_dashboard", "预警与挂图作战", "map", access.can_see_battle_map),
    ("foresight_list", "预测研判", "binoculars", access.can_see_battle_map),
    ("promotion_board", "招商引资", "briefcase", access.can_view_promotion),
    ("intel_queue", "项目情报", "newspaper", access.can_view_promotion),
    ("policy_list", "政策兑现", "award", None),
    ("monitoring_overview", "重点企业监测", "activity", mon_access.may_see_monitoring),
    ("matchmaking_products", "产用对接", "arrow-left-right", None),
    ("leaderboards_home", "擂台赛", "trophy", lb_access.may_see_boards),
    ("import_upload", "数据导入", "upload", "imports"),
    ("audit_log", "审计记录", "journal-text", access.can_see_audit),
    ("briefings_home", "报表简报", "file-earmark-text", briefings_access.may_see_briefings),
    ("exchange_home", "数据上报", "cloud-arrow-up", access.sees_everything),
]


def _allowed(user, rule):
    if rule is None:
        return True
    if rule == "imports":
        from tuijin.imports.registry import allowed_kinds

        return bool(allowed_kinds(user))
    return rule(user)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "unread_notifications": 0, "todo_count": 0}
    current = getattr(getattr(request, "resolver_match", None), "url_name", None) or ""
    items = []
    for url_name, label, icon, rule in NAVIGATION:
        if url_name and not _allowed(user, rule):
            continue
        prefix = (url_name or "").split("_")[0]
        active = bool(url_name) and (current == url_name or (prefix != "home" and current.startswith(prefix)))
        items.append({"url_name": url_name, "label": label, "icon": icon, "ready": bool(url_name), "active": active})
    # Lazy: htmx fragments render without the navbar and should not pay for the count.
    return {"navigation": items, "unread_notifications": SimpleLazyObject(lambda: _unread(user)),
            "todo_count": SimpleLazyObject(lambda: _todo_count(request))}


def _todo_count(request):
    from .todos import count_for

    return count_for(request)


def _unread(user):
    from tuijin.notifications.services import unread_count

    return unread_count(user)
