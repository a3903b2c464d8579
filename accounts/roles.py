"""Roles are Django groups; this module says which permissions each one holds."""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role's value is the name of its group."""

    STAFF = "ministry_staff", _("Ministry emulation staff")
    OFFICER = "unit_officer", _("Unit officer")
    LEADERSHIP = "leadership", _("Leadership")


PORTAL_APPS = ("campaigns", "clusters", "awards", "reports")

# Models a unit officer may add and change (for their own organisation; views check
# the object). Entries whose model is not installed yet are ignored.
OFFICER_WRITABLE = (
    "reports.quarterlyreport",
    "reports.reportsection",
    "reports.reportattachment",
    "awards.nomination",
    "awards.nominationattachment",
    "clusters.pledgesignature",
    "clusters.selfassessment",
)


def _permissions_for(role, perms):
    if role == Role.STAFF:
        # Staff run the portal: everything but hard deletes, which the portal avoids.
        app_perms = perms.filter(content_type__app_label__in=PORTAL_APPS).exclude(codename__startswith="delete_")
        org_perms = perms.filter(content_type__app_label="accounts", codename__in=["view_organization", "view_user"])
        return app_perms | org_perms
    view = perms.filter(content_type__app_label__in=PORTAL_APPS, codename__startswith="view_") | perms.filter(
        content_type__app_label="accounts", codename="view_organization"
    )
    if role == Role.LEADERSHIP:
        return view
    writable = models.Q()
    for label in OFFICER_WRITABLE:
        app_label, model = label.split(".")
        writable |= models.Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"add_{model}", f"change_{model}"],
        )
    return view | perms.filter(writable)


def sync_role_groups(using="default"):
    """Create the role groups and give each exactly its permissions (idempotent)."""
    perms = Permission.objects.using(using).select_related("content_type")
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        group.permissions.set(_permissions_for(role, perms))
