"""The report tracking table as an XLSX file, built in the background (reports' "Export XLSX").

The workbook is the reports app's own (reports.exports.to_xlsx over
reports.selectors.export_matrix, with the matrix page's filters): built here it no longer
holds a web worker for the second it takes at 1,000 units, and an unchanged table is
reused rather than built again.
"""

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster, ClusterMembership
from reports import exports, selectors
from reports.models import QuarterlyReport, Reminder

KIND = "matrix"
TEMPLATE = None  # XLSX only
FILTERS = ("kind", "cluster", "province", "search", "status")


def clean_parameters(parameters):
    """{"year", "kind", "cluster" (pk or None), "province", "search", "slug"}; LookupError for a bad one."""
    try:
        year = int(parameters["year"])
    except (KeyError, TypeError, ValueError):
        raise LookupError("year") from None
    kind = str(parameters.get("kind") or "")
    if kind and kind not in selectors.REPORTING_KINDS:
        raise LookupError("kind")
    status = str(parameters.get("status") or "")
    if status and status not in selectors.MATRIX_STATUSES:
        raise LookupError("status")
    quarter = parameters.get("quarter")
    if quarter in (None, ""):
        quarter = None
    elif str(quarter) in ("1", "2", "3", "4"):
        quarter = int(quarter)
    else:
        raise LookupError("quarter")
    cluster = parameters.get("cluster")
    if cluster not in (None, ""):
        cluster = Cluster.objects.filter(pk=int(cluster)).values_list("pk", flat=True).first()
        if cluster is None:
            raise LookupError("cluster")
    else:
        cluster = None
    return {
        "year": year,
        "kind": kind,
        "cluster": cluster,
        "province": str(parameters.get("province") or "")[:100],
        "search": str(parameters.get("search") or "")[:100],
        "status": status,
        "quarter": quarter,
        "slug": f"bao-cao-quy-{year}",
    }


def _filters(parameters):
    filters = {name: parameters.get(name) or "" for name in FILTERS}
    filters["cluster"] = Cluster.objects.filter(pk=parameters["cluster"]).first() if parameters["cluster"] else None
    # The matrix page's review-status filter (files asked for before it existed have neither).
    filters["quarter"] = parameters.get("quarter")
    return filters


def title(parameters):
    return _("Quarterly reports %(year)s") % {"year": parameters["year"]}


def fingerprint_parts(parameters):
    """What the table depends on: the year's periods, reports, reminders, units and clusters."""
    year = parameters["year"]
    periods = selectors.matrix_periods(year)
    reports = QuarterlyReport.objects.filter(period__year=year).aggregate(n=Count("pk"), last=Max("updated_at"))
    reminders = Reminder.objects.filter(period__year=year).aggregate(n=Count("pk"), last=Max("pk"))
    units = list(
        selectors.matrix_units(year, **_filters(parameters))
        .order_by("pk")
        .values_list("pk", "name", "short_name", "valid_from", "valid_until")
    )
    memberships = ClusterMembership.objects.filter(year=year).aggregate(n=Count("pk"), last=Max("pk"))
    now = timezone.now()
    # A period whose deadline is still ahead shows "not yet due" until it passes.
    return [
        [(p.pk, p.due_at, p.grace_until, now < p.due_at) for p in periods],
        reports,
        reminders,
        units,
        memberships,
    ]


def load(parameters):
    return selectors.export_matrix(parameters["year"], **_filters(parameters))


def xlsx_bytes(module, data, parameters, *, title):
    """The same workbook as the reports app's export (one sheet, a row per unit, the rates)."""
    return exports.to_xlsx(data)


def parameter_rows(data, parameters):
    return [(_("Year"), str(parameters["year"]))]
