from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tuijin.api import api as api_v1
from tuijin.api import views as api_views
from tuijin.workbench import views as workbench_views
from tuijin.enterprises import views as enterprise_views
from tuijin.projects import views as project_views

admin.site.site_header = "推进 · 重大项目管理平台 后台"
admin.site.site_title = "推进后台"

# JSON in Chinese for /api/ paths, the usual pages elsewhere; a bad query parameter's 400 says what was wrong.
handler400 = "tuijin.api.errors.bad_request"
handler403 = "tuijin.api.errors.permission_denied"
handler404 = "tuijin.api.errors.page_not_found"
handler500 = "tuijin.api.errors.server_error"

urlpatterns = [
    path("", workbench_views.home, name="home"),
    path("todos/problems/<int:pk>/accept/", workbench_views.accept_problem, name="workbench_accept"),
    path("todos/warnings/<int:pk>/acknowledge/", workbench_views.acknowledge_warning, name="workbench_acknowledge"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("tuijin.accounts.urls")),
    path("projects/", project_views.project_list, name="project_list"),
    path("projects/new/", project_views.project_create, name="project_create"),
    path("projects/<int:pk>/", project_views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", project_views.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/<str:target>/", project_views.project_transition, name="project_transition"),
    path("projects/<int:pk>/attachments/", project_views.project_attachment_add, name="project_attachment_add"),
    path("projects/<int:pk>/attachments/<int:attachment_pk>/", project_views.project_attachment,
         name="project_attachment"),
    path("enterprises/", enterprise_views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", enterprise_views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", enterprise_views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", enterprise_views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/figures/<int:year>/", enterprise_views.enterprise_figures, name="enterprise_figures"),
    path("enterprises/<int:pk>/qualifications/", enterprise_views.enterprise_qualification_add,
         name="enterprise_qualification_add"),
    path("enterprises/<int:pk>/service/", enterprise_views.enterprise_service_add, name="enterprise_service_add"),
    path("enterprises/<int:pk>/service/<int:record_pk>/answer/", enterprise_views.enterprise_service_answer,
         name="enterprise_service_answer"),
    path("policies/", include("tuijin.policies.urls")),
    path("progress/", include("tuijin.progress.urls")),
    path("inbox/", include("tuijin.notifications.urls")),
    path("coordination/", include("tuijin.coordination.urls")),
    path("battle-map/", include("tuijin.alerts.urls")),
    path("node-plans/", include("tuijin.nodeplans.urls")),
    path("baselines/", include("tuijin.baselines.urls")),
    path("briefings/", include("tuijin.briefings.urls")),
    path("intel/", include("tuijin.intel.urls")),
    path("monitoring/", include("tuijin.monitoring.urls")),
    path("matchmaking/", include("tuijin.matchmaking.urls")),
    path("leaderboards/", include("tuijin.leaderboards.urls")),
    path("foresight/", include("tuijin.foresight.urls")),
    path("exchange/", include("tuijin.exchange.urls")),
    path("imports/", include("tuijin.imports.urls")),
    path("exports/", include("tuijin.exports.urls")),
    path("promotion/", include("tuijin.promotion.urls")),
    path("audit/", include("tuijin.audit.urls")),
    path("api/v1/", api_v1.urls()),
    path("api-tokens/", api_views.token_list, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", api_views.token_revoke, name="api_token_revoke"),
    path("admin/", admin.site.urls),
]
