from django.urls import path

from . import views

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("lockouts/", views.lockout_list, name="lockouts"),
    path("lockouts/release/", views.lockout_release, name="lockout_release"),
]
