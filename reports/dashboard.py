"""Home panels of the reports app: the officer's deadlines and notifications, staff's overview.

The deadlines, reports, notifications and rates are read lazily, inside cached parts
keyed with the date: "N days left" and the open periods change at midnight Vietnam time,
when deadlines and locks fall (reports.deadlines). The officer's notification buttons
post the home page's own form, so no CSRF token is cached. Staff's panel is rendered on
every request: the reminder task's heartbeat changes without a write the data version
sees (it is read each time); the rates are cached by the template (and counted once
for staff and leadership alike), the reminder health of the last 30 days for one minute
at most.
"""

from django.core.cache import caches
from django.utils import timezone

from accounts.dashboard import Panel, lazy
from accounts.permissions import can_view_overview, is_ministry_staff, is_unit_officer
from emulation_portal.fragments import data_version

from . import reminders, selectors
from .models import Notification, QuarterlyReport, ReportingPeriod, TaskHeartbeat

NOTIFICATIONS_SHOWN = 5
PARTS = "template_fragments"  # the cache of the rendered parts (each process's memory)
RATES_SECONDS = 600


def officer_items(organization, now):
    """The open periods `organization` must report in, each with its report (or None) and days left."""
    periods = [p for p in selectors.open_periods(now) if selectors.must_report(organization, p)]
    if not periods:
        return []
    reports = {r.period_id: r for r in QuarterlyReport.objects.filter(organization=organization, period__in=periods)}
    return [{"period": p, "report": reports.get(p.pk), "days_left": p.days_left(now)} for p in periods]


def latest_period_rates(now):
    """The period that opened last, with its rates over every unit that had to report in it.

    The same for staff and leadership in every language: counted once per data version
    and day, not once per cached panel.
    """
    today = timezone.localdate(now)
    key = f"home:latest-period-rates:{data_version()}:{today.isoformat()}"
    found = caches[PARTS].get(key)
    if found is None:
        period = ReportingPeriod.objects.filter(opens_on__lte=today).order_by("due_at").last()
        found = {"period": period, "rates": selectors.period_rates(period) if period else None}
        caches[PARTS].set(key, found, RATES_SECONDS)
    return found


def panels(request):
    user = request.user
    result = []
    now = timezone.now()
    if is_unit_officer(user):
        organization = user.organization
        context = {
            "items": lazy(lambda: officer_items(organization, now)),
            "notifications": lazy(
                lambda: list(
                    Notification.objects.filter(organization=organization, read_at__isnull=True)[:NOTIFICATIONS_SHOWN]
                )
            ),
        }
        result.append(Panel("reports/_panel_officer.html", context, order=20, cached=True))
    if can_view_overview(user):
        overview = lazy(lambda: latest_period_rates(now))
        context = {"period": lazy(lambda: overview["period"]), "rates": lazy(lambda: overview["rates"])}
        staff = is_ministry_staff(user)
        if staff:
            context["is_staff"] = True
            context["heartbeat"] = lazy(lambda: TaskHeartbeat.objects.filter(name=reminders.REMINDER_TASK).first())
            context["reminder_health"] = lazy(lambda: reminders.reminder_health(now))
        # Staff's shows the heartbeat: rendered on every request, the rates cached by the template.
        result.append(Panel("reports/_panel_overview.html", context, order=30, cached=not staff))
    return result
