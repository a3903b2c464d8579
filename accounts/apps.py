from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # After every migrate (and so in each test database) the role groups exist with
        # the permissions of every installed model. post_migrate is sent once per app and
        # permissions are created app by app, so the groups are synced each time.
        post_migrate.connect(_sync_roles, dispatch_uid="accounts.sync_roles")
        # Every write to the portal's tables retires the cached page parts (emulation_portal.fragments).
        from emulation_portal import fragments

        fragments.install()


def _sync_roles(sender, **kwargs):
    from .roles import sync_role_groups

    sync_role_groups(using=kwargs.get("using", "default"))
