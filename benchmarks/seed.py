"""Grow the demo data to BENCH_UNITS reporting units (1,000 by default), as a busy year looks.

On top of `seed_demo` (the real provincial departments, clusters and periods): illustrative
enterprises and ministry departments, each with an officer, a cluster membership per year,
reports in every state for the past and open periods of the two demo years (with their
text), and e-mail reminders. Rows are bulk-inserted; the derived columns (folded search
text, sort key) are filled as the models' save() would.
"""

import datetime
import os
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

UNITS = int(os.environ.get("BENCH_UNITS", "1000"))
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bình Định", "Cà Mau", "Cần Thơ", "Đà Nẵng", "Đắk Lắk",
    "Điện Biên", "Đồng Nai", "Gia Lai", "Hà Giang", "Hà Nội", "Hải Phòng", "Hồ Chí Minh", "Khánh Hòa",
    "Lào Cai", "Nghệ An", "Ninh Bình", "Phú Yên", "Quảng Ninh", "Sơn La", "Thái Nguyên", "Thừa Thiên Huế",
    "Tuyên Quang", "Vĩnh Long", "Yên Bái",
)  # fmt: skip
TRADES = ("Bưu chính", "Viễn thông", "Công nghệ thông tin", "Xuất bản", "In", "Phát hành sách", "Truyền hình cáp")
TEXT = (
    "Dữ liệu minh họa. Đơn vị đã quán triệt và triển khai các phong trào thi đua của Bộ; tổ chức sơ kết, "
    "biểu dương các tập thể, cá nhân tiêu biểu; gắn phong trào với nhiệm vụ chính trị của đơn vị. "
)
# Report states of the past periods, drawn with these weights (None: nothing written).
STATES = (("accepted", 45), ("on_time", 20), ("late", 10), ("returned", 5), ("draft", 6), ("excused", 4), (None, 10))


def _derived(unit):
    """The columns save() would fill: the folded search text and, where the model has it, the sort key."""
    from emulation_portal.vietnamese import fold

    unit.search_text = fold(*unit.search_sources())
    if hasattr(unit, "sort_name"):
        from emulation_portal.search import sortable

        unit.sort_name = sortable(unit.display_name)


@transaction.atomic
def grow(stdout=None):
    """Seed the demo data, then add units, officers, memberships, reports and reminders up to UNITS."""
    from accounts.models import Organization, User
    from accounts.roles import Role
    from clusters.models import Cluster, ClusterMembership
    from reports import selectors
    from reports.models import QuarterlyReport, Reminder, ReportingPeriod

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 -- closed at exit
    rng = random.Random(103)
    now = timezone.now()
    year = timezone.localdate(now).year
    periods = list(ReportingPeriod.objects.filter(year__in=(year - 1, year)).order_by("due_at"))
    existing = selectors.reporting_units(periods[-1]).count()
    new_units = []
    for i in range(max(0, UNITS - existing)):
        province = rng.choice(PROVINCES)
        trade = rng.choice(TRADES)
        if i % 10 == 0:
            unit = Organization(
                code=f"bench-vu-{i}",
                name=f"Trung tâm {trade} số {i} (minh họa)",
                kind=Organization.Kind.MINISTRY_DEPARTMENT,
                province="Hà Nội",
            )
        else:
            unit = Organization(
                code=f"bench-dn-{i}",
                name=f"Công ty {trade} {province} số {i} (minh họa)",
                short_name=f"{trade} {province} {i}" if i % 3 else "",
                kind=Organization.Kind.ENTERPRISE,
                province=province,
                email=f"bench-{i}@example.vn" if i % 2 else "",
            )
        _derived(unit)
        new_units.append(unit)
    Organization.objects.bulk_create(new_units, batch_size=500)
    new_units = list(Organization.objects.filter(code__startswith="bench-").order_by("pk"))

    password = make_password("bench")
    officers = [
        User(username=f"bench-{unit.code}", password=password, organization=unit, last_name="Cán bộ", first_name=str(n))
        for n, unit in enumerate(new_units)
    ]
    User.objects.bulk_create(officers, batch_size=500)
    group = Group.objects.get(name=Role.OFFICER.value)
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=user.pk, group_id=group.pk) for user in User.objects.filter(username__startswith="bench-")],
        batch_size=1000,
    )

    clusters = [
        Cluster.objects.get_or_create(
            kind=Cluster.Kind.BLOCK, number=100 + n, defaults={"name": f"Khối thi đua doanh nghiệp {n + 1} (minh họa)"}
        )[0]
        for n in range(20)
    ]
    memberships = []
    for y in (year - 1, year):
        for n, unit in enumerate(new_units):
            memberships.append(
                ClusterMembership(cluster=clusters[n % len(clusters)], organization=unit, year=y, rotation_order=n + 1)
            )
    ClusterMembership.objects.bulk_create(memberships, batch_size=1000)

    reports, reminders = [], []
    states, weights = zip(*STATES, strict=True)
    for unit in new_units:
        for period in periods:
            if period.opens_on > timezone.localdate(now):
                continue  # not open yet
            is_open = period.lock_at > now
            state = rng.choices(states, weights)[0] if not is_open else rng.choice(("on_time", "draft", None, None))
            if state is None:
                if period.due_at < now:  # reminded before the deadline, in vain
                    reminders += [
                        Reminder(organization=unit, period=period, rule=rule, channel=Reminder.Channel.EMAIL)
                        for rule in ("before-5", "before-1")
                    ]
                continue
            submitted = None
            if state in ("accepted", "on_time", "late", "returned"):
                delta = datetime.timedelta(days=rng.randint(1, 9))
                submitted = period.due_at + delta if state == "late" else period.due_at - delta
            status = {"on_time": "submitted", "late": "submitted"}.get(state, state)
            reports.append(
                QuarterlyReport(
                    organization=unit,
                    period=period,
                    organization_name=unit.name,
                    status=status,
                    summary=TEXT * 8,
                    proposals=TEXT * 2,
                    difficulties=TEXT * 2,
                    excuse_reason="Dữ liệu minh họa: đơn vị đang sáp nhập." if status == "excused" else "",
                    is_illustrative=True,
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                )
            )
    QuarterlyReport.objects.bulk_create(reports, batch_size=500)
    Reminder.objects.bulk_create(reminders, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics, as autovacuum would have them after such inserts
    if stdout:
        stdout.write(
            f"reporting units: {selectors.reporting_units(periods[-1]).count()} "
            f"(+{len(new_units)} illustrative), officers: {User.objects.count()}, periods: {len(periods)}, "
            f"reports: {QuarterlyReport.objects.count()}, reminders: {Reminder.objects.count()}\n"
        )
