from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("periods/<int:period_pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/export.<str:fmt>", views.matrix_export, name="matrix_export"),
    path("periods/<int:period_pk>/units/<int:organization_pk>/", views.unit_period, name="unit_period"),
    path("periods/<int:period_pk>/units/<int:organization_pk>/excuse/", views.excuse, name="excuse"),
    path(
        "periods/<int:period_pk>/units/<int:organization_pk>/excuse/revoke/", views.excuse_revoke, name="excuse_revoke"
    ),
    path(
        "periods/<int:period_pk>/units/<int:organization_pk>/exception/", views.grant_exception, name="grant_exception"
    ),
    path("periods/<int:period_pk>/units/<int:organization_pk>/remind/", views.remind, name="remind"),
    path("reminders/", views.reminder_log, name="reminder_log"),
    path("review/", views.review_queue, name="review_queue"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
]
