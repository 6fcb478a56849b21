"""The navigation every page shows; modules still being built are listed but marked as coming."""

NAVIGATION = [
    ("home", "工作台", "speedometer2", True),
    ("project_list", "项目管理", "kanban", True),
    ("progress_overview", "投资进度", "graph-up-arrow", True),
    ("enterprise_list", "企业服务", "buildings", True),
    ("coordination_problems", "问题协调", "megaphone", True),
    ("alerts_dashboard", "预警与挂图作战", "map", True),
    ("promotion_board", "招商引资", "briefcase", True),
    ("policy_list", "政策兑现", "award", True),
    (None, "报表简报", "file-earmark-text", False),
]


def navigation(request):
    current = getattr(getattr(request, "resolver_match", None), "url_name", None) or ""
    items = []
    for url_name, label, icon, ready in NAVIGATION:
        prefix = (url_name or "").split("_")[0]
        items.append({"url_name": url_name, "label": label, "icon": icon, "ready": ready,
                      "active": bool(url_name) and (current == url_name or (prefix != "home" and current.startswith(prefix)))})
    items.extend(_import_item(request, current))
    return {"navigation": items, "unread_notifications": _unread(request)}


def _unread(request):
    from tuijin.notifications.services import unread_count

    user = getattr(request, "user", None)
    return unread_count(user) if user is not None and user.is_authenticated else 0


def _import_item(request, current):
    """数据导入, for the users who may import something (coordinators and park staff)."""
    from tuijin.imports.importers import allowed_kinds

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not allowed_kinds(user):
        return []
    return [{"url_name": "import_upload", "label": "数据导入", "icon": "upload", "ready": True,
             "active": current.startswith("import_")}]
