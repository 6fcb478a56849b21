from django.urls import path

from . import simulation_views, views

urlpatterns = [
    path("", views.policy_list, name="policy_list"),
    path("<int:pk>/", views.policy_detail, name="policy_detail"),
    path("clauses/<int:pk>/", views.clause_detail, name="policy_clause"),
    path("clauses/<int:pk>/edit/", views.clause_edit, name="policy_clause_edit"),
    path("enterprises/<int:pk>/", views.enterprise_matches, name="policy_enterprise"),
    path("enterprises/<int:pk>/report.<str:fmt>", views.enterprise_report, name="policy_report"),
    path("runs/", views.run_list, name="policy_runs"),
    path("runs/new/", views.run_create, name="policy_run_create"),
    path("runs/jobs/<int:pk>/", views.run_job, name="policy_run_job"),
    path("runs/jobs/<int:pk>/status/", views.run_job_status, name="policy_run_job_status"),
    path("runs/<int:pk>/", views.run_detail, name="policy_run"),
    path("runs/<int:pk>/publish/", views.run_publish, name="policy_run_publish"),
    path("runs/<int:pk>/bulk/", views.run_bulk, name="policy_run_bulk"),
    path("runs/<int:pk>/export.xlsx", views.run_export, name="policy_run_export"),
    path("items/<int:pk>/decide/", views.item_decide, name="policy_item_decide"),
    path("growth/<str:kind>/", views.growth_list, name="policy_growth"),
    # 政策模拟测算
    path("simulations/", simulation_views.simulation_list, name="policy_simulations"),
    path("simulations/new/", simulation_views.simulation_start, name="policy_simulation_start"),
    path("simulations/<int:pk>/", simulation_views.simulation_detail, name="policy_simulation"),
    path("simulations/<int:pk>/compare/<int:other_pk>/", simulation_views.simulation_compare,
         name="policy_simulation_compare"),
    path("simulations/<int:pk>/export.xlsx", simulation_views.simulation_export, name="policy_simulation_export"),
    path("simulations/<int:pk>/publish/", simulation_views.simulation_publish, name="policy_simulation_publish"),
    path("simulations/<int:pk>/discard/", simulation_views.simulation_discard, name="policy_simulation_discard"),
]
