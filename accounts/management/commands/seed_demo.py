from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.roles import sync_role_groups


class Command(BaseCommand):
    help = "Load the demo data set (real documents and organisations, illustrative users). Idempotent."

    def handle(self, *args, **options):
        sync_role_groups()
        # Each app may provide `<app>.demo.seed(stdout)`; the foundation's runs first.
        for app in settings.INSTALLED_APPS:
            if "." in app or find_spec(app) is None or find_spec(f"{app}.demo") is None:
                continue
            self.stdout.write(f"Seeding {app}…")
            import_module(f"{app}.demo").seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
