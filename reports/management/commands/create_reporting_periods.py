from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.services import create_periods_for_year


class Command(BaseCommand):
    help = "Create the four quarterly reporting periods of a year (idempotent; existing periods are left as they are)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Defaults to the current year.")

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year
        created = create_periods_for_year(year=year)
        self.stdout.write(f"{year}: {created} period(s) created, {4 - created} already existed.")
