"""URLs of the matchmaking app (产用对接)."""

from django.urls import path  # noqa: F401

urlpatterns = []
