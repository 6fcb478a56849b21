"""URLs of the leaderboards app (擂台赛)."""

from django.urls import path  # noqa: F401

urlpatterns = []
