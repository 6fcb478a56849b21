from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.job, name="export_job"),
    path("<int:pk>/status/", views.job_status, name="export_job_status"),
    path("<int:pk>/download/", views.download, name="export_download"),
]
