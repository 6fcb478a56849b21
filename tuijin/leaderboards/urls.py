"""URLs of the leaderboards app (擂台赛)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="leaderboards_home"),
    path("new/", views.create, name="leaderboards_create"),
    path("<int:pk>/", views.board, name="leaderboards_board"),
    path("<int:pk>/settings/", views.edit, name="leaderboards_edit"),
    path("<int:pk>/export.<str:fmt>", views.export, name="leaderboards_export"),
    path("<int:pk>/units/<int:unit_pk>/<str:measure>/", views.drill, name="leaderboards_drill"),
]
