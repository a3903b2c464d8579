import datetime

import pytest

from reports import deadlines

from .conftest import vn

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("quarter", "expected_utc"),
    [
        (1, datetime.datetime(2026, 3, 14, 17, 0, tzinfo=UTC)),
        (2, datetime.datetime(2026, 6, 14, 17, 0, tzinfo=UTC)),
        (3, datetime.datetime(2026, 9, 14, 17, 0, tzinfo=UTC)),
        (4, datetime.datetime(2026, 12, 14, 17, 0, tzinfo=UTC)),
    ],
)
def test_due_at_is_midnight_vietnam_time_on_the_15th_of_the_last_month(quarter, expected_utc):
    due = deadlines.due_at(2026, quarter, due_day=15)
    assert due == expected_utc
    assert due.tzinfo == UTC
    assert due.astimezone(deadlines.VIETNAM).replace(tzinfo=None) == datetime.datetime(2026, 3 * quarter, 15)


def test_due_day_is_a_parameter():
    assert deadlines.due_at(2026, 4, due_day=10) == datetime.datetime(2026, 12, 9, 17, 0, tzinfo=UTC)


def test_quarter_out_of_range_is_refused():
    with pytest.raises(ValueError, match="quarter"):
        deadlines.due_at(2026, 5, due_day=15)


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_boundary_minute(quarter):
    due = deadlines.due_at(2026, quarter, due_day=15)
    month = 3 * quarter
    assert deadlines.is_on_time(vn(2026, month, 14, 23, 59, 59), due=due)
    assert deadlines.is_on_time(vn(2026, month, 14, 23, 59, 59, 999999), due=due)
    assert not deadlines.is_on_time(vn(2026, month, 15, 0, 0), due=due)
    assert not deadlines.is_on_time(vn(2026, month, 15, 0, 0, 1), due=due)


def test_grace_moves_the_on_time_limit():
    due = deadlines.due_at(2026, 2, due_day=15)
    grace = deadlines.grace_until(due, grace_days=2)
    assert deadlines.is_on_time(vn(2026, 6, 16, 23, 0), due=due, grace=grace)
    assert not deadlines.is_on_time(vn(2026, 6, 17, 0, 0), due=due, grace=grace)
    assert deadlines.grace_until(due, grace_days=0) is None


def test_period_instants():
    instants = deadlines.period_instants(2026, 3, due_day=15, grace_days=0, lock_days=30)
    assert instants["opens_on"] == datetime.date(2026, 7, 1)
    assert instants["due_at"] == vn(2026, 9, 15)
    assert instants["grace_until"] is None
    assert instants["lock_at"] == vn(2026, 10, 15)


def test_last_on_time_day_and_days_left():
    due = deadlines.due_at(2026, 2, due_day=15)
    assert deadlines.last_on_time_day(due) == datetime.date(2026, 6, 14)
    assert deadlines.days_left(vn(2026, 6, 5, 0, 0), due) == 10
    assert deadlines.days_left(vn(2026, 6, 14, 8, 0), due) == 1
    assert deadlines.days_left(vn(2026, 6, 15, 0, 0), due) == 0


@pytest.mark.parametrize(
    ("now", "rule"),
    [
        (vn(2026, 6, 4, 23, 59), None),
        (vn(2026, 6, 5, 0, 0), "before-10"),
        (vn(2026, 6, 9, 8, 0), "before-10"),
        (vn(2026, 6, 10, 8, 0), "before-5"),
        (vn(2026, 6, 13, 8, 0), "before-2"),
        (vn(2026, 6, 14, 8, 0), "before-1"),
        (vn(2026, 6, 14, 23, 59), "before-1"),
        (vn(2026, 6, 15, 0, 0), "overdue"),
        (vn(2026, 7, 14, 23, 59), "overdue"),
        (vn(2026, 7, 15, 0, 0), None),
    ],
)
def test_reminder_rule(now, rule):
    due = deadlines.due_at(2026, 2, due_day=15)
    lock = deadlines.lock_at(due, lock_days=30)
    assert deadlines.reminder_rule(now, due=due, lock=lock, offsets=[10, 5, 2, 1]) == rule
