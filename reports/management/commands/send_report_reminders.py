from django.core.management.base import BaseCommand
from django.utils import timezone

from reports import services


class Command(BaseCommand):
    help = "Remind the units that have not reported, as the daily beat task does; --dry-run only lists them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded now; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        due = services.due_reminders()
        for unit, period, rule in due:
            due_at = timezone.localtime(period.due_at)
            self.stdout.write(f"{period}\t{rule}\t{unit.code}\t{unit.name}\t(due {due_at:%Y-%m-%d %H:%M})")
        if dry_run:
            self.stdout.write(f"{len(due)} reminder(s) would be sent (dry run: nothing sent).")
            return
        services.record_heartbeat(name=services.REMINDER_TASK)
        claimed = services.send_due_reminders()
        self.stdout.write(f"{len(claimed)} reminder(s) claimed and queued.")
