"""URLs of the intel app (项目情报)."""

from django.urls import path  # noqa: F401

urlpatterns = []
