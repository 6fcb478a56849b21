from django.urls import path

from . import chain_views, report_views, views

urlpatterns = [
    path("", views.board, name="promotion_board"),
    path("leads/", views.lead_list, name="promotion_leads"),
    path("leads/new/", views.lead_create, name="promotion_lead_create"),
    path("leads/<int:pk>/", views.lead_detail, name="promotion_lead"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="promotion_lead_edit"),
    path("leads/<int:pk>/move/<str:target>/", views.lead_move, name="promotion_lead_move"),
    path("leads/<int:pk>/contract/", views.lead_contract, name="promotion_lead_contract"),
    path("chains/", chain_views.chain_list, name="promotion_chains"),
    path("chains/<int:pk>/", chain_views.chain_detail, name="promotion_chain"),
    path("activities/", chain_views.activity_list, name="promotion_activities"),
    path("activities/new/", chain_views.activity_create, name="promotion_activity_create"),
    path("targets/", report_views.targets, name="promotion_targets"),
    path("targets/set/", report_views.target_set, name="promotion_target_set"),
    path("figures/<str:key>/", report_views.figure_items, name="promotion_figure"),
    path("funnel/", report_views.funnel, name="promotion_funnel"),
    path("funds/", report_views.funds, name="promotion_funds"),
    path("projects/<int:pk>/", report_views.project_funds, name="promotion_project_funds"),
    path("projects/<int:pk>/arrival/", report_views.record_arrival, name="promotion_record_arrival"),
    path("projects/<int:pk>/contract/", report_views.record_project_contract, name="promotion_project_contract"),
]
