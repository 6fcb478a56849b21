from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="notification_open"),
    path("read-all/", views.mark_all_read, name="notifications_read_all"),
]
