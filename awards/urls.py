from django.urls import path

from . import views, vote_views

app_name = "awards"

urlpatterns = [
    # Nominations, council and decisions (team NOMINATIONS).
    path("", views.nomination_list, name="nomination_list"),
    path("new/", views.nomination_create, name="nomination_create"),
    path("<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("<int:pk>/withdraw/", views.nomination_withdraw, name="nomination_withdraw"),
    path("<int:pk>/return/", views.nomination_return, name="nomination_return"),
    path("<int:pk>/propose/", views.nomination_propose, name="nomination_propose"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("council/", views.council_list, name="council_list"),
    path("council/new/", views.council_create, name="council_create"),
    path("council/<int:pk>/", views.council_detail, name="council_detail"),
    path("council/<int:pk>/assemble/", views.council_assemble, name="council_assemble"),
    path("council/<int:pk>/vote/", views.council_vote_create, name="council_vote_create"),
    path("council/<int:pk>/decision/", views.decision_create, name="decision_create"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    # Conferences and votes (team VOTING).
    path("clusters/<int:cluster_pk>/meetings/", vote_views.meeting_list, name="meeting_list"),
    path("clusters/<int:cluster_pk>/meetings/new/", vote_views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", vote_views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", vote_views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/close/", vote_views.meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/votes/new/", vote_views.vote_create, name="vote_create"),
    path("votes/<int:pk>/", vote_views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/progress/", vote_views.vote_progress, name="vote_progress"),
    path("votes/<int:pk>/open/", vote_views.vote_open, name="vote_open"),
    path("votes/<int:pk>/close/", vote_views.vote_close, name="vote_close"),
    path("votes/<int:pk>/ballot/", vote_views.vote_ballot, name="vote_ballot"),
    path("votes/<int:pk>/paper/", vote_views.vote_paper, name="vote_paper"),
    path("votes/<int:pk>/written/", vote_views.vote_written, name="vote_written"),
    path("votes/<int:pk>/minutes.pdf", vote_views.vote_minutes, name="vote_minutes"),
]
