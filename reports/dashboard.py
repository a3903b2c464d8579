"""Home panels of the reports app: the officer's deadlines and notifications, staff's overview."""

from django.utils import timezone

from accounts.dashboard import Panel
from accounts.permissions import can_view_overview, is_ministry_staff, is_unit_officer

from . import reminders, selectors
from .models import Notification, QuarterlyReport, ReportingPeriod, TaskHeartbeat

NOTIFICATIONS_SHOWN = 5


def panels(request):
    user = request.user
    result = []
    now = timezone.now()
    if is_unit_officer(user):
        periods = [p for p in selectors.open_periods(now) if selectors.must_report(user.organization, p)]
        reports = {
            r.period_id: r
            for r in QuarterlyReport.objects.filter(organization_id=user.organization_id, period__in=periods)
        }
        items = [{"period": p, "report": reports.get(p.pk), "days_left": p.days_left(now)} for p in periods]
        notifications = list(
            Notification.objects.filter(organization_id=user.organization_id, read_at__isnull=True)[
                :NOTIFICATIONS_SHOWN
            ]
        )
        result.append(Panel("reports/_panel_officer.html", {"items": items, "notifications": notifications}, order=20))
    if can_view_overview(user):
        period = ReportingPeriod.objects.filter(opens_on__lte=timezone.localdate(now)).order_by("due_at").last()
        context = {"period": period, "rates": selectors.period_rates(period) if period else None}
        if is_ministry_staff(user):
            context["is_staff"] = True
            context["heartbeat"] = TaskHeartbeat.objects.filter(name=reminders.REMINDER_TASK).first()
            context["reminder_health"] = reminders.reminder_health(now)
        result.append(Panel("reports/_panel_overview.html", context, order=30))
    return result
