"""Benchmarks: time the heaviest pages on the demo data grown to a realistic size.

Run with `make bench`. Uses a throw-away SQLite database unless BENCH_DATABASE_URL is
set (e.g. a PostgreSQL database that may be dropped). Prints a table; asserts nothing.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
EXTRA_UNITS = int(os.environ.get("BENCH_EXTRA_UNITS", "300"))

# (label, username, URL name, kwargs); pages whose URL is not installed are skipped.
PAGES = [
    ("home (staff)", "vutdkt", "home", {}),
    ("home (officer)", "gialai", "home", {}),
    ("organisation list", "vutdkt", "accounts:organization_list", {}),
    ("campaign list", "gialai", "campaigns:campaign_list", {}),
    ("directive list", "gialai", "campaigns:directive_list", {}),
    ("cluster list", "vutdkt", "clusters:cluster_list", {}),
    ("report matrix", "vutdkt", "reports:matrix", {}),
    ("my reports", "gialai", "reports:my_reports", {}),
]


def main():
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from accounts.models import Organization, User

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {connection.vendor}; units added: {EXTRA_UNITS}; rounds: {ROUNDS}")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 -- closed at exit
    Organization.objects.bulk_create(
        Organization(
            code=f"bench-{i}", name=f"Đơn vị đo hiệu năng {i}", kind=Organization.Kind.ENTERPRISE, province="Hà Nội"
        )
        for i in range(EXTRA_UNITS)
    )
    print(f"organisations: {Organization.objects.count()}\n")
    print(f"{'page':<22}{'status':>7}{'queries':>9}{'median ms':>11}{'p90 ms':>9}")
    for label, username, url_name, kwargs in PAGES:
        try:
            url = reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        client = Client()
        client.force_login(User.objects.get(username=username))
        reset_queries()  # the log is a bounded deque, already full after seeding
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        p90 = statistics.quantiles(timings, n=10)[-1]
        print(f"{label:<22}{response.status_code:>7}{len(queries):>9}{statistics.median(timings):>11.1f}{p90:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
