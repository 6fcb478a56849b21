"""URLs of the exchange app (数据上报)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="exchange_home"),
    path("<int:pk>/", views.district, name="exchange_district"),
    path("conflicts/", views.conflicts, name="exchange_conflicts"),
    path("conflicts/<int:pk>/decide/", views.decide, name="exchange_conflict_decide"),
]
