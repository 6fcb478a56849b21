"""URLs of the exchange app (数据上报)."""

from django.urls import path  # noqa: F401

urlpatterns = []
