"""Two sessions at the same instant: the first holds its transaction open until the second waits on it.

`race(first, second)` runs `first()` in a thread inside a transaction that stays open, then
`second()` in another thread; once PostgreSQL shows the second waiting on a lock (or after
a short time when it does not wait), the first commits. Returns (first result, second
result or the exception it raised). Only meaningful on PostgreSQL: SQLite has one writer.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

WAIT = 10


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers")


def _waiting_on_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def race(first, second):
    results = {}
    first_done, release = threading.Event(), threading.Event()

    def run_first():
        try:
            with transaction.atomic():
                results["first"] = first()
                first_done.set()
                release.wait(WAIT)
        except Exception as error:  # handed back to the test
            results["first"] = error
            first_done.set()
        finally:
            connections.close_all()

    def run_second():
        try:
            results["second"] = second()
        except Exception as error:  # handed back to the test
            results["second"] = error
        finally:
            connections.close_all()

    one = threading.Thread(target=run_first)
    one.start()
    assert first_done.wait(WAIT)
    two = threading.Thread(target=run_second)
    two.start()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and not _waiting_on_lock() and two.is_alive():
        time.sleep(0.05)
    release.set()
    one.join(WAIT)
    two.join(WAIT)
    assert not one.is_alive(), "the first session is still running"
    assert not two.is_alive(), "the second session is still waiting"
    return results["first"], results["second"]
