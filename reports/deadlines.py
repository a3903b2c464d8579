"""The reporting deadline rule (Chỉ thị 103/CT-BTTTT, part III), as pure functions.

A quarter's report is due before day `due_day` of the quarter's last month, in Vietnam
time: `due_at` is 00:00 Asia/Ho_Chi_Minh on that day, so 23:59:59 ICT the day before is
on time and 00:00 ICT on the day is late. Instants are returned in UTC for storage.
"""

import datetime
import math
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
QUARTERS = (1, 2, 3, 4)


def _check_quarter(quarter):
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1-4, not {quarter!r}")


def quarter_first_day(year, quarter):
    """The first day of the quarter (the day its reporting period opens)."""
    _check_quarter(quarter)
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_last_month(quarter):
    """March, June, September or December."""
    _check_quarter(quarter)
    return 3 * quarter


def due_at(year, quarter, *, due_day):
    """The instant (UTC) from which a report for the quarter is late."""
    local = datetime.datetime(year, quarter_last_month(quarter), due_day, tzinfo=VIETNAM)
    return local.astimezone(datetime.UTC)


def grace_until(due, *, grace_days):
    """The end of the grace period after `due`, or None when there is none."""
    return due + datetime.timedelta(days=grace_days) if grace_days > 0 else None


def lock_at(due, *, lock_days):
    """The instant after which a unit can no longer submit (without an exception)."""
    return due + datetime.timedelta(days=lock_days)


def period_instants(year, quarter, *, due_day, grace_days, lock_days):
    """Everything a reporting period stores, computed once at creation."""
    due = due_at(year, quarter, due_day=due_day)
    return {
        "opens_on": quarter_first_day(year, quarter),
        "due_at": due,
        "grace_until": grace_until(due, grace_days=grace_days),
        "lock_at": lock_at(due, lock_days=lock_days),
    }


def is_on_time(submitted_at, *, due, grace=None):
    """Whether a submission at `submitted_at` counts as on time."""
    return submitted_at < (grace or due)


def last_on_time_day(due):
    """The last calendar day (Vietnam) on which a report is still on time."""
    return (due.astimezone(VIETNAM) - datetime.timedelta(microseconds=1)).date()


def days_left(now, due):
    """Whole days until `due` (rounded up; 0 or less once due): what the officer sees."""
    return math.ceil((due - now).total_seconds() / 86400)


OVERDUE = "overdue"


def offset_rule(offset):
    return f"before-{offset}"


def reminder_rule(now, *, due, lock, offsets):
    """The reminder rule in force at `now`, or None.

    Before the deadline: the smallest offset whose window has begun (`due - offset days`),
    so a day the task did not run is caught up once, never several reminders at once.
    After the deadline and before the lock: the single overdue reminder.
    """
    if now >= lock:
        return None
    if now >= due:
        return OVERDUE
    started = [offset for offset in offsets if now >= due - datetime.timedelta(days=offset)]
    return offset_rule(min(started)) if started else None
