"""URLs of the briefings app (报表简报)."""

from django.urls import path  # noqa: F401

urlpatterns = []
