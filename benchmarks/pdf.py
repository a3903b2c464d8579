"""PDF summaries: how long the quarterly compliance PDF takes for 63 units and for 1,000.

63 units: the provincial departments (Sở TTTT) of the first quarter of last year, before
the mergers, read and rendered as the summaries app does (goal: under 2 s). 1,000 units:
the whole data set grown by benchmarks.seed, built by the same service the Celery task
calls (summaries.services.build_summary). WeasyPrint's first import is timed apart.
Prints a table; asserts nothing.
"""

import os
import statistics
import subprocess
import sys
import time

from . import environment

ROUNDS = int(os.environ.get("BENCH_PDF_ROUNDS", "3"))
GOAL_63 = 2.0


def _pages(content):
    # pdfinfo (poppler-utils, a declared dependency) counts the pages of the file just built.
    result = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=False)  # noqa: S607 -- fixed command
    for line in result.stdout.decode(errors="replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def _render_provincial(period):
    """Read and render the compliance PDF of `period` for the provincial departments only."""
    from django.utils import translation

    from accounts.models import Organization
    from reports import selectors
    from summaries import builders, compliance

    with translation.override("vi"):
        matrix = selectors.build_matrix(period.year, kind=Organization.Kind.PROVINCIAL_DEPARTMENT)
        data = compliance.from_matrix(matrix, period)
        parameters = {"period": period.pk}
        content = builders.pdf_bytes(compliance, data, parameters, title=compliance.title(parameters))
    return data.rates.expected, content


def run():
    environment.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Organization, User
    from reports.models import ReportingPeriod
    from summaries import services
    from summaries.models import SummaryFile

    from . import seed

    if not ReportingPeriod.objects.exists():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 -- closed at exit
    print(f"database: {environment.database_label()}")
    started = time.perf_counter()
    import weasyprint  # noqa: F401 -- timed: the first PDF of a worker pays for it

    # Wall time suffers when other work shares the cores; CPU time is this process's own.
    print(f"WeasyPrint import: {time.perf_counter() - started:.2f} s\n")
    print(f"{'summary':<34}{'units':>7}{'pages':>7}{'KB':>7}{'median s':>10}{'max s':>8}{'CPU s':>8}")

    year = timezone.localdate().year - 1
    period = ReportingPeriod.objects.get(year=year, quarter=1)
    _render_provincial(period)  # warm-up: fonts and templates loaded once per process
    timings, cpu = [], []
    for _ in range(ROUNDS):
        clock, cpu_clock = time.perf_counter(), time.process_time()
        units, content = _render_provincial(period)
        timings.append(time.perf_counter() - clock)
        cpu.append(time.process_time() - cpu_clock)
    if statistics.median(timings) < GOAL_63:
        verdict = "ok"
    elif statistics.median(cpu) < GOAL_63:
        verdict = f"over the {GOAL_63:g} s goal in wall time only: the cores are shared"
    else:
        verdict = f"over the {GOAL_63:g} s goal"
    print(
        f"{'compliance ' + str(period) + ', Sở TTTT':<34}{units:>7}{_pages(content):>7}{len(content) // 1024:>7}"
        f"{statistics.median(timings):>10.2f}{max(timings):>8.2f}{statistics.median(cpu):>8.2f}  {verdict}"
    )

    if not Organization.objects.filter(code__startswith="bench-").exists():  # `pages` may have grown it already
        seed.grow(stdout=open(os.devnull, "w"))  # noqa: SIM115 -- closed at exit
    user = User.objects.get(username="lanhdao")
    latest = ReportingPeriod.objects.filter(due_at__lte=timezone.now()).order_by("due_at").last()
    timings, cpu = [], []
    for _ in range(max(1, ROUNDS - 1)):
        SummaryFile.objects.filter(kind=SummaryFile.Kind.COMPLIANCE).delete()  # no reuse: build it again
        summary, _created = services.request_summary(
            kind="compliance", fmt="pdf", parameters={"period": latest.pk}, by=user, language="vi"
        )
        clock, cpu_clock = time.perf_counter(), time.process_time()
        summary = services.build_summary(summary_id=summary.pk)
        timings.append(time.perf_counter() - clock)
        cpu.append(time.process_time() - cpu_clock)
        if not summary.is_ready:
            print(f"compliance {latest}: failed: {summary.error}")
            return 1
    content = summary.file.read()
    units = services.module_for("compliance").load(summary.parameters).rates.expected
    print(
        f"{'compliance ' + str(latest) + ', all':<34}{units:>7}{_pages(content):>7}{len(content) // 1024:>7}"
        f"{statistics.median(timings):>10.2f}{max(timings):>8.2f}{statistics.median(cpu):>8.2f}  (the Celery task's work)"
    )
    xlsx, _created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": latest.pk}, by=user, language="vi"
    )
    clock = time.perf_counter()
    xlsx = services.build_summary(summary_id=xlsx.pk)
    print(f"{'compliance XLSX, all':<34}{units:>7}{'':>7}{xlsx.size // 1024:>7}{time.perf_counter() - clock:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(run())
