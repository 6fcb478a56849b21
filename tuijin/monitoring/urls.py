"""URLs of the monitoring app (重点企业监测)."""

from django.urls import path  # noqa: F401

urlpatterns = []
