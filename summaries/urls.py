from django.urls import path

from . import views

app_name = "summaries"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("request/", views.request_summary, name="request"),
    path("files/<int:pk>/", views.summary_detail, name="summary_detail"),
    path("files/<int:pk>/status/", views.summary_status, name="summary_status"),
    path("files/<int:pk>/download/", views.summary_download, name="summary_download"),
    path("files/<int:pk>/retry/", views.summary_retry, name="summary_retry"),
]
