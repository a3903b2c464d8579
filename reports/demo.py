"""Demo data of the reports app: the periods of last year and this year, and illustrative
reports of the provincial departments in every state (on time, late, missing, returned,
excused); eight demo units follow hand-written patterns.

The periods follow Chỉ thị 103/CT-BTTTT (report before the 15th of the quarter's last
month). The reports themselves are illustrative: they are flagged `is_illustrative` and
their text starts with "Dữ liệu minh họa".
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import department_code
from accounts.models import Organization, User

from . import deadlines, workflow
from .models import QuarterlyReport, Reminder, ReportingPeriod, StatusChange
from .services import create_periods_for_year

NOTE = "Dữ liệu minh họa."
ON_TIME, LATE, RETURNED, MISSING, EXCUSED, ACCEPTED = "on_time", "late", "returned", "missing", "excused", "accepted"

# For each demo unit, the state of its report in the past periods, cycled quarter by quarter.
PATTERNS = {
    "Gia Lai": (ACCEPTED, ON_TIME, LATE, RETURNED),
    "Phú Yên": (ON_TIME, MISSING, ACCEPTED, LATE),
    "Đắk Lắk": (ACCEPTED, ACCEPTED, ON_TIME, ON_TIME),
    "Kon Tum": (LATE, MISSING, MISSING, ON_TIME),
    "Bình Định": (ON_TIME, EXCUSED, ON_TIME, ACCEPTED),
    "Khánh Hòa": (MISSING, LATE, ACCEPTED, ON_TIME),
    "Hà Nội": (ACCEPTED, ON_TIME, ON_TIME, LATE),
    "Quảng Nam": (RETURNED, ON_TIME, LATE, MISSING),
}
# Every other provincial department: mostly on time, some late, a few missing, cycled with an
# offset per unit so the matrix is not striped.
GENERIC = (ON_TIME, ACCEPTED, ON_TIME, LATE, ACCEPTED, ON_TIME, MISSING, ACCEPTED, ON_TIME)
# In the open period, only these units have already submitted (Gia Lai and Phú Yên, the demo
# officers' units, still have their report to write).
OPEN_PERIOD_SUBMITTED = ("Đắk Lắk", "Hà Nội")


@transaction.atomic
def seed(stdout=None):
    """Create the periods and the illustrative reports (idempotent)."""
    now = timezone.now()
    year = timezone.localdate(now).year
    for y in (year - 1, year):
        create_periods_for_year(year=y)
    staff = User.objects.filter(username="vutdkt").first()
    periods = ReportingPeriod.objects.filter(year__in=(year - 1, year)).order_by("due_at")
    # Closed periods get the full pattern; in open ones only a few units have reported yet.
    past = [p for p in periods if p.lock_at <= now]
    open_now = [p for p in periods if p.is_open(now)]
    count = 0
    demo_codes = {department_code(province): province for province in PATTERNS}
    units = Organization.objects.filter(code__startswith="so-tttt-").order_by("code")
    for position, unit in enumerate(units):
        province = demo_codes.get(unit.code)
        pattern = PATTERNS[province] if province else GENERIC[position % 3 :] + GENERIC[: position % 3]
        officer = unit.users.filter(groups__name="unit_officer").first() if province else None
        for index, period in enumerate(past):
            if not unit.is_active_on(period.reference_day):
                continue  # merged away (or not yet created) at the time: not asked to report
            count += _seed_report(unit, period, pattern[index % len(pattern)], officer, staff, reminders=bool(province))
        if province in OPEN_PERIOD_SUBMITTED:
            for period in (p for p in open_now if unit.is_active_on(p.reference_day)):
                count += _seed_report(unit, period, ON_TIME, officer, staff, now=now)
    if stdout:
        stdout.write(f"  periods: {ReportingPeriod.objects.count()}, illustrative reports: {count}")


def _seed_report(unit, period, state, officer, staff, now=None, reminders=True):
    if state == MISSING:
        if reminders:
            _seed_reminders(unit, period)
        return 0
    if QuarterlyReport.objects.filter(organization=unit, period=period).exists():
        return 1  # seeded before (or written since in the portal): left as it is
    if state == EXCUSED:
        status, submitted = workflow.EXCUSED, None
    else:
        offset = datetime.timedelta(days=4, hours=3) if state == LATE else -datetime.timedelta(days=3, hours=5)
        submitted = period.due_at + offset
        if now is not None and submitted > now:  # an open period: a day that has already passed
            opened = datetime.datetime.combine(period.opens_on, datetime.time(0, 30), tzinfo=deadlines.VIETNAM)
            submitted = min(opened + datetime.timedelta(days=5, hours=8), now)
            submitted = submitted if submitted < now else opened
        status = {ACCEPTED: workflow.ACCEPTED, RETURNED: workflow.RETURNED}.get(state, workflow.SUBMITTED)
    report, _created = QuarterlyReport.objects.update_or_create(
        organization=unit,
        period=period,
        defaults={
            "organization_name": unit.name,
            "status": status,
            "is_illustrative": True,
            "summary": f"{NOTE} Đơn vị đã quán triệt Chỉ thị 103/CT-BTTTT và triển khai các phong trào thi đua trong {period}.",
            "proposals": f"{NOTE} Đề nghị Bộ tiếp tục hướng dẫn việc chấm điểm, bình xét thi đua của Cụm.",
            "difficulties": f"{NOTE} Nhân lực làm công tác thi đua, khen thưởng còn kiêm nhiệm.",
            "excuse_reason": f"{NOTE} Đơn vị đang sắp xếp, kiện toàn tổ chức bộ máy."
            if status == workflow.EXCUSED
            else "",
            "first_submitted_at": submitted,
            "submitted_at": submitted,
            "submitted_by": officer if submitted else None,
        },
    )
    if report.history.exists():
        return 1
    opened = datetime.datetime.combine(period.opens_on, datetime.time(0, 0), tzinfo=deadlines.VIETNAM)
    steps = [("", workflow.DRAFT, officer, opened, "")]
    if submitted:
        steps.append((workflow.DRAFT, workflow.SUBMITTED, officer, submitted, ""))
        review = submitted + datetime.timedelta(days=2)
        if status == workflow.ACCEPTED:
            steps.append((workflow.SUBMITTED, workflow.ACCEPTED, staff, review, ""))
        elif status == workflow.RETURNED:
            comment = f"{NOTE} Đề nghị bổ sung số liệu so với chỉ tiêu của phong trào."
            steps.append((workflow.SUBMITTED, workflow.RETURNED, staff, review, comment))
    else:
        steps.append(
            (workflow.DRAFT, workflow.EXCUSED, staff, period.due_at - datetime.timedelta(days=7), report.excuse_reason)
        )
    StatusChange.objects.bulk_create(
        StatusChange(report=report, from_status=source, to_status=target, by=by, at=at, comment=comment)
        for source, target, by, at, comment in steps
    )
    return 1


def _seed_reminders(unit, period):
    rules = [deadlines.offset_rule(days) for days in (10, 5, 2, 1)] + [deadlines.OVERDUE]
    for rule in rules:
        sent = (
            period.due_at - datetime.timedelta(days=int(rule.removeprefix("before-")))
            if rule != deadlines.OVERDUE
            else period.due_at + datetime.timedelta(hours=1)
        )
        for channel in Reminder.Channel.values:
            Reminder.objects.update_or_create(
                organization=unit,
                period=period,
                rule=rule,
                channel=channel,
                defaults={
                    "created_at": sent,
                    "sent_at": sent,
                    "outcome": Reminder.Outcome.SENT,
                    "attempts": 1,
                    "recipients": unit.email or NOTE,
                },
            )
