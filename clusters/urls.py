from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("new/", views.cluster_create, name="cluster_create"),
    path("<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("<int:pk>/<int:year>/members/", views.membership_edit, name="membership_edit"),
    path("<int:pk>/<int:year>/members/copy/", views.membership_copy, name="membership_copy"),
    path("<int:pk>/<int:year>/term/", views.term_edit, name="term_edit"),
    path("<int:pk>/<int:year>/pledge/new/", views.pledge_create, name="pledge_create"),
    path("terms/<int:pk>/decision/", views.term_decision, name="term_decision"),
    path("terms/<int:pk>/correct/", views.term_correct, name="term_correct"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/sign/", views.pledge_sign, name="pledge_sign"),
    path("pledges/<int:pk>/assessment/", views.assessment_edit, name="assessment_edit"),
    path("pledges/<int:pk>/review/", views.assessment_overview, name="assessment_overview"),
    path("pledges/<int:pk>/review/<int:org_pk>/", views.assessment_review, name="assessment_review"),
    path("pledges/<int:pk>/publish/", views.ranking_publish, name="ranking_publish"),
]
