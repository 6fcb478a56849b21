from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="progress_overview"),
    path("kpi/<str:key>/<str:part>/", views.kpi_projects, name="progress_kpi"),
    path("double-half/", views.double_half_projects, name="progress_double_half"),
    path("lists/<str:kind>/", views.year_list_view, name="progress_year_list"),
    path("monthly.xlsx", views.monthly_statistics, name="progress_monthly_xlsx"),
    path("missing/", views.missing_reports, name="progress_missing"),
    path("review/", views.review_queue, name="progress_review"),
    path("review/bulk/", views.review_bulk, name="progress_review_bulk"),
    path("projects/<int:pk>/", views.project_progress, name="progress_project"),
    path("projects/<int:pk>/report/", views.save_report, name="progress_save_report"),
    path("projects/<int:pk>/plan/", views.save_plan, name="progress_save_plan"),
    path("photos/<int:pk>/", views.report_photo, name="progress_photo"),
    path("reports/<int:pk>/submit/", views.submit_report, name="progress_submit"),
    path("reports/<int:pk>/approve/", views.approve_report, name="progress_approve"),
    path("reports/<int:pk>/return/", views.return_report, name="progress_return"),
    path("reports/<int:pk>/correct/", views.correct_report, name="progress_correct"),
]
