from django.urls import path

from . import views

urlpatterns = [
    path("", views.upload, name="import_upload"),
    path("template/<str:kind>.xlsx", views.template, name="import_template"),
    path("<int:pk>/", views.job, name="import_job"),
    path("<int:pk>/status/", views.job_status, name="import_job_status"),
    path("<int:pk>/apply/", views.job_apply, name="import_job_apply"),
    path("<int:pk>/revalidate/", views.job_revalidate, name="import_job_revalidate"),
]
