"""URLs of the foresight app (预测研判)."""

from django.urls import path  # noqa: F401

urlpatterns = []
