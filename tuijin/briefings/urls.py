"""URLs of the briefings app (报表简报)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.briefing_list, name="briefings_home"),
    path("generate/", views.generate, name="briefings_generate"),
    path("runs/<int:pk>/", views.briefing_run_page, name="briefings_run"),
    path("runs/<int:pk>/status/", views.run_status, name="briefings_run_status"),
    path("runs/<int:pk>/<str:fmt>/", views.download, name="briefings_download"),
    path("templates/", views.templates, name="briefings_templates"),
    path("templates/upload/", views.template_upload, name="briefings_template_upload"),
    path("templates/<str:kind>/current/", views.template_download, name="briefings_template_download"),
    path("templates/version/<int:pk>/", views.template_version, name="briefings_template_version"),
]
