"""URLs of the foresight app (预测研判)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.forecast_list, name="foresight_list"),
    path("battle-panel/", views.battle_panel, name="foresight_panel"),
    path("export.xlsx", views.forecast_export, name="foresight_export"),
]
