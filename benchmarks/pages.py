"""Pages under load: each list page's requests/s against a bare log-in-protected view.

Grows the data (benchmarks.seed), times each page in-process both rebuilt (after a write)
and repeated (its cached parts reused, see emulation_portal/fragments.py), then starts
gunicorn (2 sync workers, DEBUG off) on a free loopback port and drives BENCH_USERS
concurrent users (10) for BENCH_SECONDS (4) per page; one row repeats the matrix while the
data change twice a second. Prints req/s, the ratio to the bare view measured in the same
run, p95 and queries per request. Asserts nothing.
"""

import contextlib
import datetime
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass

from . import environment, load

SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
USERS = int(os.environ.get("BENCH_USERS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
IN_PROCESS_ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
# (label, username, URL name, args, query); a page whose URL is not installed is skipped.
PAGES = [
    ("bare view", "vutdkt", "bench_bare", [], ""),
    ("home (staff)", "vutdkt", "home", [], ""),
    ("home (officer)", "gialai", "home", [], ""),
    ("report matrix p1", "vutdkt", "reports:matrix", [], ""),
    ("report matrix p10", "vutdkt", "reports:matrix", [], "page=10"),
    # The same page while the data change twice a second (each write retires the cached parts).
    ("matrix, writes 2/s", "vutdkt", "reports:matrix", [], ""),
    ("matrix search", "vutdkt", "reports:matrix", [], "q=vien+thong"),
    ("organisation list", "vutdkt", "accounts:organization_list", [], ""),
    ("organisation p20", "vutdkt", "accounts:organization_list", [], "page=20"),
    ("campaign list", "gialai", "campaigns:campaign_list", [], ""),
    ("directive list", "gialai", "campaigns:directive_list", [], ""),
    ("cluster list", "vutdkt", "clusters:cluster_list", [], ""),
    ("reminder log", "vutdkt", "reports:reminder_log", [], ""),
    ("reminder log p50", "vutdkt", "reports:reminder_log", [], "page=50"),
    ("my reports", "gialai", "reports:my_reports", [], ""),
    ("matrix CSV", "vutdkt", "reports:matrix_export", ["csv"], ""),
    # Asking for the XLSX: built in the background (summaries), then reused while the data are unchanged.
    ("matrix XLSX ask", "vutdkt", "reports:matrix_export", ["xlsx"], ""),
]


def _free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _urls():
    from django.urls import NoReverseMatch, reverse

    urls = []
    for label, username, name, args, query in PAGES:
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        urls.append((label, username, f"{url}?{query}" if query else url))
    return urls


def _sessions(usernames):
    """A session cookie per user, made in the bench database (the server reads the same rows)."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    cookies = {}
    for username in usernames:
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookies[username] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def _in_process(urls, rounds=IN_PROCESS_ROUNDS):
    """Status, queries and the fastest of `rounds` timings (ms) of each page, in this process.

    Each page twice: rebuilt (a new data version first, as after any write, so nothing
    cached is reused) and repeated (its cached parts reused). The fastest single request is
    what a page costs when nothing competes for the CPU: a figure that stays comparable
    when other work slows the whole machine down.
    """
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from emulation_portal import fragments

    def get(client, url):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    def fastest(client, url, *, rebuilt):
        timings = []
        for _ in range(rounds):
            if rebuilt:
                fragments.bump()
            start = time.perf_counter()
            get(client, url)
            timings.append((time.perf_counter() - start) * 1000)
        return min(timings)

    measured = {}
    for label, username, url in urls:
        client = Client()
        client.force_login(User.objects.get(username=username))
        counts = []
        for _ in ("rebuilt", "repeated"):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = get(client, url)
            counts.append(len(queries))  # now: the next request empties the log this reads from
        measured[label] = Measure(
            response.status_code,
            *counts,
            fastest(client, url, rebuilt=True),
            fastest(client, url, rebuilt=False),
        )
    return measured


@dataclass
class Measure:
    status: int
    queries_rebuilt: int
    queries_repeated: int
    ms_rebuilt: float
    ms_repeated: float


@contextlib.contextmanager
def _data_changing(every_seconds):
    """A write every `every_seconds` (a new data version, as a save makes) while the block runs."""
    from emulation_portal import fragments

    stop = threading.Event()

    def write():
        while not stop.wait(every_seconds):
            fragments.bump()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@contextlib.contextmanager
def _gunicorn(port):
    env = {**os.environ, **environment.server_environment()}
    command = [
        sys.executable, "-m", "gunicorn", "emulation_portal.wsgi",
        "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=environment.ROOT, env=env)  # noqa: S603 -- our own fixed command
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("gunicorn exited") from None
                time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()


def _reminder_round():
    """Units owing the latest report, reminders claimed and queued, seconds and queries of one round."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import selectors
    from reports.models import ReportingPeriod

    try:
        from reports import reminders
    except ImportError:
        return None
    period = ReportingPeriod.objects.order_by("-due_at").first()
    owing = selectors.units_to_remind(period).count()
    # 20 hours before the latest deadline: the "1 day before" reminder is due to every unit owing it.
    now = period.due_at - datetime.timedelta(hours=20)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        claimed = reminders.run_reminder_round(now=now)
    return owing, len(claimed), time.perf_counter() - start, len(queries)


def run():
    environment.setup()
    from . import seed

    started = time.perf_counter()
    seed.grow(stdout=sys.stdout)
    print(f"database: {environment.database_label()}; seeded in {time.perf_counter() - started:.0f} s")
    urls = _urls()
    measured = _in_process(urls)
    cookies = _sessions({username for _label, username, _url in urls})
    port = _free_port()
    print(f"gunicorn: {WORKERS} workers on 127.0.0.1:{port}, {USERS} users, {SECONDS:g} s per page\n")
    print("1 req ms and queries: the page rebuilt (after a write) / repeated (its cached parts reused)\n")
    print(f"{'page':<20}{'status':>7}{'queries':>9}{'1 req ms':>13}{'req/s':>8}{'× bare':>8}{'p95 ms':>8}{'errors':>7}")
    results = {}
    with _gunicorn(port):
        for label, username, url in urls:
            changing = _data_changing(0.5) if "writes" in label else contextlib.nullcontext()
            with changing:
                result = load.run(port, url, cookies[username], users=USERS, seconds=SECONDS)
            results[label] = result
            bare = results[PAGES[0][0]].rate or 1
            m = measured[label]
            queries = f"{m.queries_rebuilt}/{m.queries_repeated}"
            ms = f"{m.ms_rebuilt:.1f}/{m.ms_repeated:.1f}"
            print(
                f"{label:<20}{m.status:>7}{queries:>9}{ms:>13}{result.rate:>8.1f}{result.rate / bare:>7.0%} "
                f"{result.p95:>8.0f}{result.errors:>7}",
                flush=True,
            )
    try:
        reminder = _reminder_round()
    except Exception as error:  # a benchmark reports what broke and goes on
        print(f"\nreminder round: failed ({type(error).__name__}: {error})")
    else:
        if reminder:
            owing, claimed, seconds, queries = reminder
            print(
                f"\nreminder round: {owing} units owing the latest report, {claimed} reminders claimed and queued "
                f"in {seconds:.1f} s, {queries} queries"
            )
    return 0
