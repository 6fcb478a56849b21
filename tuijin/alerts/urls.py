from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard_view, name="alerts_dashboard"),
    path("data.json", views.dashboard_data, name="alerts_data"),
    path("projects/", views.drill, name="alerts_drill"),
    path("map/", views.map_view, name="alerts_map"),
    path("timeline/", views.timeline_view, name="alerts_timeline"),
    path("screen/", views.big_screen, name="alerts_screen"),
    path("warnings/", views.warning_list, name="alerts_warnings"),
    path("warnings/<int:pk>/", views.warning_detail, name="alerts_warning"),
    path("warnings/acknowledge/", views.warning_acknowledge_bulk, name="alerts_acknowledge_bulk"),
    path("warnings/<int:pk>/acknowledge/", views.warning_acknowledge, name="alerts_acknowledge"),
    path("warnings/<int:pk>/note/", views.warning_note, name="alerts_note"),
    path("warnings/<int:pk>/resolve/", views.warning_resolve, name="alerts_resolve"),
    path("rules/", views.rule_list, name="alerts_rules"),
    path("rules/<str:key>/", views.rule_edit, name="alerts_rule_edit"),
]
