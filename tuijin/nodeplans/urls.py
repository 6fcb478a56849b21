"""URLs of the nodeplans app (mounted at /node-plans/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.todo, name="nodeplans_todo"),
    path("todo.xlsx", views.todo_xlsx, name="nodeplans_todo_xlsx"),
    path("templates/", views.templates, name="nodeplans_templates"),
    path("templates/new/", views.template_new, name="nodeplans_template_new"),
    path("templates/<int:pk>/", views.template_edit, name="nodeplans_template_edit"),
    path("project/<int:pk>/", views.project_plan, name="nodeplans_project"),
    path("project/<int:pk>/evidence/<int:node_pk>/", views.evidence, name="nodeplans_evidence"),
    path("project/<int:pk>/apply/", views.apply_template, name="nodeplans_apply"),
    path("project/<int:pk>/submit/", views.submit_plan, name="nodeplans_submit"),
    path("project/<int:pk>/approve/", views.approve_plan, name="nodeplans_approve"),
    path("project/<int:pk>/return/", views.return_plan, name="nodeplans_return"),
    path("project/<int:pk>/propose/", views.propose_duration, name="nodeplans_propose"),
    path("project/<int:pk>/preview/", views.preview, name="nodeplans_preview"),
    path("project/<int:pk>/reschedule/", views.reschedule, name="nodeplans_reschedule"),
    path("project/<int:pk>/done/", views.mark_done, name="nodeplans_done"),
    path("project/<int:pk>/extension/", views.request_extension, name="nodeplans_extension"),
    path("project/<int:pk>/extension/decide/", views.decide_extension, name="nodeplans_extension_decide"),
]
