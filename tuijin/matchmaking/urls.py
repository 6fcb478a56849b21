"""URLs of the matchmaking app (产用对接)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.products, name="matchmaking_products"),
    path("products.xlsx", views.products_export, name="matchmaking_products_export"),
    path("needs/", views.needs, name="matchmaking_needs"),
    path("mine/", views.mine, name="matchmaking_mine"),
    path("offerings/new/", views.offering_create, name="matchmaking_offering_create"),
    path("offerings/<int:pk>/edit/", views.offering_edit, name="matchmaking_offering_edit"),
    path("needs/new/", views.need_create, name="matchmaking_need_create"),
    path("needs/<int:pk>/", views.need_detail, name="matchmaking_need"),
    path("needs/<int:pk>/edit/", views.need_edit, name="matchmaking_need_edit"),
    path("offerings/<int:pk>/<str:move>/", views.listing_move, {"kind": "offering"}, name="matchmaking_offering_move"),
    path("needs/<int:pk>/<str:move>/", views.listing_move, {"kind": "need"}, name="matchmaking_need_move"),
    path("events/", views.events, name="matchmaking_events"),
    path("events/new/", views.event_create, name="matchmaking_event_create"),
    path("events/<int:pk>/", views.event_detail, name="matchmaking_event"),
    path("events/<int:pk>/invite/", views.event_invite, name="matchmaking_event_invite"),
    path("events/<int:pk>/outcomes/", views.event_outcome, name="matchmaking_event_outcome"),
    path("stats/", views.stats, name="matchmaking_stats"),
]
