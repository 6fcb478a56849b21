from django.urls import path

from . import meeting_views, scorecard_views, views

urlpatterns = [
    path("", views.problem_list, name="coordination_problems"),
    path("new/", views.problem_file, name="coordination_file"),
    path("assign/", views.problem_assign_bulk, name="coordination_assign_bulk"),
    path("<int:pk>/", views.problem_detail, name="coordination_problem"),
    path("<int:pk>/assign/", views.problem_assign, name="coordination_assign"),
    path("<int:pk>/accept/", views.problem_accept, name="coordination_accept"),
    path("<int:pk>/start/", views.problem_start, name="coordination_start"),
    path("<int:pk>/reply/", views.problem_reply, name="coordination_reply"),
    path("<int:pk>/hand-back/", views.problem_hand_back, name="coordination_hand_back"),
    path("<int:pk>/reopen/", views.problem_reopen, name="coordination_reopen"),
    path("<int:pk>/confirm/", views.problem_confirm, name="coordination_confirm"),
    path("<int:pk>/escalate/", views.problem_escalate, name="coordination_escalate"),
    path("<int:pk>/direct/", views.problem_direct, name="coordination_direct"),
    path("attachments/<int:pk>/", views.attachment, name="coordination_attachment"),
    path("meetings/", meeting_views.meeting_list, name="coordination_meetings"),
    path("meetings/new/", meeting_views.meeting_create, name="coordination_meeting_new"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="coordination_meeting"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="coordination_meeting_edit"),
    path("meetings/<int:pk>/decide/", meeting_views.meeting_decide, name="coordination_decide"),
    path("scorecard/", scorecard_views.scorecard, name="coordination_scorecard"),
    path("scorecard/<int:department>/<str:key>/", scorecard_views.scorecard_problems,
         name="coordination_scorecard_problems"),
]
