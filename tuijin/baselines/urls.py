"""URLs of the baselines app."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.baseline, name="baseline_compare"),
]
