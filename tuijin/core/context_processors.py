"""The navigation every page shows; modules still being built are listed but marked as coming."""

NAVIGATION = [
    ("home", "工作台", "speedometer2", True),
    ("project_list", "项目管理", "kanban", True),
    ("progress_overview", "投资进度", "graph-up-arrow", True),
    ("enterprise_list", "企业服务", "buildings", True),
    (None, "问题协调", "megaphone", False),
    (None, "预警与挂图作战", "map", False),
    (None, "招商引资", "briefcase", False),
    (None, "政策兑现", "award", False),
    (None, "报表简报", "file-earmark-text", False),
]


def navigation(request):
    current = getattr(getattr(request, "resolver_match", None), "url_name", None) or ""
    items = []
    for url_name, label, icon, ready in NAVIGATION:
        prefix = (url_name or "").split("_")[0]
        items.append({"url_name": url_name, "label": label, "icon": icon, "ready": ready,
                      "active": bool(url_name) and (current == url_name or (prefix != "home" and current.startswith(prefix)))})
    return {"navigation": items}
