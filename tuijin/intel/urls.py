"""URLs of the intel app (项目情报), under /intel/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.queue, name="intel_queue"),
    path("submit/", views.submit, name="intel_submit"),
    path("articles/<int:pk>/", views.article, name="intel_article"),
    path("articles/<int:pk>/bulk/", views.bulk, name="intel_bulk"),
    path("findings/<int:pk>/accept/", views.accept, name="intel_accept"),
    path("findings/<int:pk>/reject/", views.reject, name="intel_reject"),
    path("findings/<int:pk>/edit/", views.edit, name="intel_edit"),
    path("findings/<int:pk>/project/", views.update_project, name="intel_update_project"),
]
