from django.core.management.base import BaseCommand
from django.utils import timezone

from reports import reminders


class Command(BaseCommand):
    help = (
        "Remind the units that have not reported, as the daily beat task does; --dry-run only lists them; "
        "--sweep re-queues the e-mails still owed, as the sweeper task does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded now; send nothing.")
        parser.add_argument("--sweep", action="store_true", help="Run the sweeper once instead of the daily round.")

    def handle(self, *args, dry_run=False, sweep=False, **options):
        if sweep:
            counts = reminders.sweep_reminders()
            self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
            return
        due = reminders.due_reminders()
        for unit, period, rule in due:
            due_at = timezone.localtime(period.due_at)
            self.stdout.write(f"{period}\t{rule}\t{unit.code}\t{unit.name}\t(due {due_at:%Y-%m-%d %H:%M})")
        if dry_run:
            self.stdout.write(f"{len(due)} reminder(s) would be sent (dry run: nothing sent).")
            return
        claimed = reminders.run_reminder_round()
        self.stdout.write(f"{len(claimed)} reminder(s) claimed and queued.")
