from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/status/", views.campaign_set_status, name="campaign_set_status"),
    path("directives/", views.directive_list, name="directive_list"),
    path("directives/new/", views.directive_create, name="directive_create"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", views.directive_edit, name="directive_edit"),
    path("directives/<int:pk>/status/", views.directive_set_status, name="directive_set_status"),
    path("directives/<int:pk>/file/", views.directive_download, name="directive_download"),
    path("fields/", views.field_list, name="field_list"),
]
