"""URLs of the monitoring app (重点企业监测)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="monitoring_overview"),
    path("review/", views.figures_review_queue, name="monitoring_queue"),
    path("parks/<int:pk>/", views.park, name="monitoring_park"),
    path("chains/<int:pk>/", views.chain, name="monitoring_chain"),
    path("enterprises/<int:pk>/", views.enterprise, name="monitoring_enterprise"),
    path("enterprises/<int:pk>/save/", views.save, name="monitoring_save"),
    path("figures/<int:pk>/submit/", views.submit, name="monitoring_submit"),
    path("figures/<int:pk>/review/", views.review, name="monitoring_review"),
]
