"""Superusers manage everything in the Django admin: every model is registered and its pages open."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import UserFactory

PORTAL_APPS = ("accounts", "campaigns", "clusters", "awards", "reports")


def _portal_models():
    return [model for app in PORTAL_APPS for model in apps.get_app_config(app).get_models()]


def test_every_portal_model_is_registered():
    missing = [model._meta.label for model in _portal_models() if not admin.site.is_registered(model)]
    assert missing == []


@pytest.mark.django_db
def test_superuser_opens_every_changelist_and_add_page(client):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model in _portal_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if admin.site._registry[model].has_add_permission(request):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert client.get(add).status_code == 200, add
