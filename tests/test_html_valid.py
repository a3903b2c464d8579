"""HTML validity: the Nu Html Checker (vnu.jar, from npm) finds no error on the main pages.

Not a browser test: it runs in the normal suite (`make test`), in about 15 s.

Each persona (ministry staff, leadership, officers of units A and B, and an anonymous visitor
for the login page) opens the main pages of every app through Django's test client, with data
made by the tests' factories. The pages are written to files and checked by ONE run of vnu
(a JVM start costs seconds). Needs a Java runtime (`make system-deps` installs one where none
is) and `node_modules/vnu-jar` (`npm ci`); without either the test is skipped, saying why.
"""

import datetime
import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from awards import voting, workflow
from campaigns.models import Target
from clusters import services as cluster_services
from reports import services as report_services
from reports.deadlines import VIETNAM
from summaries import services as summary_services
from tests.awards.factories import (
    AwardDecisionFactory,
    AwardeeFactory,
    CertificateAwardTypeFactory,
    CouncilMemberFactory,
    CouncilSessionFactory,
    NominationFactory,
)
from tests.awards.vote_setup import conference
from tests.campaigns.factories import (
    CampaignFactory,
    CampaignTaskFactory,
    CampaignThemeFactory,
    DirectiveFactory,
    FieldFactory,
    TargetFactory,
)
from tests.clusters.factories import CriterionFactory, PledgeFactory
from tests.reports.factories import make_period

pytestmark = pytest.mark.django_db

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
# Quarter 2/2026 is open for reports (due before 15/6/2026).
JUNE_2026 = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=VIETNAM)
YEAR = 2024  # the year of the clusters, conferences and nominations
# A day of YEAR: the chair may propose its successor, members may still assess themselves.
NOVEMBER_2024 = datetime.datetime(YEAR, 11, 20, 9, 0, tzinfo=datetime.UTC)

# Messages of vnu that are not errors of ours. Each entry: (regular expression, why it is allowed).
# Keep it short: a real error is fixed in the template, never listed here.
ALLOWED = [
    # (r"^Attribute “example” not allowed", "vnu does not know this newer attribute yet"),
]


def _allowed(message):
    return any(re.search(pattern, message) for pattern, _why in ALLOWED)


def _world(*, unit_a, unit_b, staff_user, leadership_user, officer_a):
    """Data for every main page, made with the tests' factories (at JUNE_2026)."""
    w = {}
    # Campaigns and directives.
    directive = DirectiveFactory(year=2026, title="Về công tác thi đua, khen thưởng năm 2026 (thử nghiệm)")
    field = FieldFactory(name="Chuyển đổi số (thử nghiệm)")
    campaign = CampaignFactory(
        name="Phong trào thi đua Chuyển đổi số (thử nghiệm)",
        directive=directive,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        fields=[field],
    )
    CampaignThemeFactory(campaign=campaign, year=2026, text="Chủ đề năm 2026 (thử nghiệm)")
    CampaignTaskFactory(campaign=campaign)
    TargetFactory(
        campaign=campaign,
        field=field,
        text="Tỷ lệ hồ sơ trực tuyến toàn trình",
        metric="Tỷ lệ hồ sơ trực tuyến",
        target_value=80,
        unit="%",
        direction=Target.Direction.AT_LEAST,
    )
    TargetFactory(campaign=campaign, field=field, text="Đẩy mạnh tuyên truyền")
    w["directive"], w["campaign"] = directive, campaign

    # Quarterly reports: unit A submitted, unit B has none yet; a reminder was sent to B.
    period = make_period(2026, 2)
    w["period"] = period
    w["report"] = report_services.save_report(
        organization=unit_a, period=period, by=officer_a, summary="Đã triển khai (thử nghiệm)", submit=True
    )
    report_services.claim_reminder(organization=unit_b, period=period, rule="overdue", channel="email")

    # A cluster conference of 2024 chaired by unit A, with an open electronic vote; a pledge.
    conf = conference(chair=unit_a, others=[unit_b], chair_user=officer_a, size=4)
    w["conf"] = conf
    # A conference of the year before whose vote is counted on paper.
    w["paper_vote"] = conference(
        chair=unit_a, others=[unit_b], chair_user=officer_a, size=3, mode="paper", year=YEAR - 1
    ).vote
    pledge = PledgeFactory(cluster=conf.cluster, year=YEAR, assessment_due_on=datetime.date(YEAR, 12, 10))
    for position in (1, 2, 3):
        CriterionFactory(pledge=pledge, position=position)
    w["pledge"] = pledge

    # Nominations, a council session with an open vote, a decision.
    certificate = CertificateAwardTypeFactory()
    w["nomination"] = NominationFactory(
        award_type=certificate, year=YEAR, proposing_organization=unit_a, cluster=conf.cluster
    )
    session = CouncilSessionFactory(year=YEAR)
    CouncilMemberFactory(session=session, user=leadership_user, council_role="Chủ tịch Hội đồng")
    CouncilMemberFactory(session=session, present=False, council_role="Ủy viên")
    on_council = NominationFactory(status=workflow.COUNCIL, award_type=certificate, year=YEAR)
    council_vote = voting.create_vote(
        body="council",
        award_type=certificate,
        nominations=[on_council],
        title="Hội đồng xét Bằng khen (thử nghiệm)",
        by=staff_user,
        council_session=session,
    )
    w["council_vote"] = voting.open_vote(council_vote, by=staff_user)
    w["session"] = session
    decision = AwardDecisionFactory(council_session=session)
    AwardeeFactory(decision=decision, organization=unit_a, award_type=certificate)
    w["decision"] = decision

    # A compliance summary file, built.
    summary, _created = summary_services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=staff_user, language="vi"
    )
    w["summary"] = summary_services.build_summary(summary_id=summary.pk)
    w["waiting_summary"], _created = summary_services.request_summary(
        kind="campaign", fmt="pdf", parameters={"campaign": campaign.pk, "year": 2026}, by=leadership_user
    )
    return w


def _pages(w, *, staff, leadership, officer_a, officer_b, unit_a, unit_b):
    """(name, client, url, query) of every page to check."""
    period, conf, year = w["period"], w["conf"], {"year": YEAR}
    return [
        ("login", Client(), reverse("accounts:login"), None),
        ("home-staff", staff, reverse("home"), None),
        ("home-leadership", leadership, reverse("home"), None),
        ("home-officer", officer_a, reverse("home"), None),
        ("profile", officer_a, reverse("accounts:profile"), None),
        ("password-change", officer_a, reverse("accounts:password_change"), None),
        ("dashboard-staff", staff, reverse("summaries:dashboard"), None),
        ("dashboard-leadership", leadership, reverse("summaries:dashboard"), None),
        ("summary-detail", leadership, reverse("summaries:summary_detail", args=[w["summary"].pk]), None),
        ("organization-list", staff, reverse("accounts:organization_list"), None),
        ("organization-detail", leadership, reverse("accounts:organization_detail", args=[unit_a.pk]), None),
        ("campaign-list", officer_a, reverse("campaigns:campaign_list"), None),
        ("campaign-detail", staff, w["campaign"].get_absolute_url(), None),
        ("campaign-form", staff, reverse("campaigns:campaign_edit", args=[w["campaign"].pk]), None),
        ("directive-list", leadership, reverse("campaigns:directive_list"), None),
        ("directive-detail", officer_a, w["directive"].get_absolute_url(), None),
        ("directive-form", staff, reverse("campaigns:directive_create"), None),
        ("field-list", staff, reverse("campaigns:field_list"), None),
        ("cluster-list", officer_a, reverse("clusters:cluster_list"), year),
        ("cluster-detail", staff, conf.cluster.get_absolute_url(), year),
        ("pledge-detail", officer_a, w["pledge"].get_absolute_url(), None),
        ("report-matrix", staff, reverse("reports:matrix"), {"year": 2026}),
        ("my-reports", officer_a, reverse("reports:my_reports"), None),
        ("report-form", officer_b, reverse("reports:report_edit", args=[period.pk]), None),
        ("report-detail", staff, w["report"].get_absolute_url(), None),
        ("unit-period", staff, reverse("reports:unit_period", args=[period.pk, unit_b.pk]), None),
        ("review-queue", staff, reverse("reports:review_queue"), None),
        ("reminder-log", staff, reverse("reports:reminder_log"), None),
        ("nomination-list", staff, reverse("awards:nomination_list"), None),
        ("nomination-detail", officer_a, w["nomination"].get_absolute_url(), None),
        ("nomination-form", officer_a, reverse("awards:nomination_create"), None),
        ("nomination-edit", officer_a, reverse("awards:nomination_edit", args=[w["nomination"].pk]), None),
        ("council-list", staff, reverse("awards:council_list"), None),
        ("council-detail", staff, reverse("awards:council_detail", args=[w["session"].pk]), None),
        ("decision-list", leadership, reverse("awards:decision_list"), None),
        ("decision-detail", leadership, w["decision"].get_absolute_url(), None),
        ("conference-list", officer_b, reverse("awards:meeting_list", args=[conf.cluster.pk]), None),
        ("conference-chair", officer_a, reverse("awards:meeting_detail", args=[conf.meeting.pk]), None),
        ("conference-member", officer_b, reverse("awards:meeting_detail", args=[conf.meeting.pk]), None),
        ("conference-form", officer_a, reverse("awards:meeting_create", args=[conf.cluster.pk]), None),
        ("vote-chair", officer_a, conf.vote.get_absolute_url(), None),
        ("vote-ballot", officer_b, conf.vote.get_absolute_url(), None),
        ("vote-paper", officer_a, reverse("awards:vote_paper", args=[w["paper_vote"].pk]), None),
        ("vote-council", leadership, w["council_vote"].get_absolute_url(), None),
        ("summary-waiting", leadership, reverse("summaries:summary_detail", args=[w["waiting_summary"].pk]), None),
        ("cluster-form", staff, reverse("clusters:cluster_create"), None),
        ("membership-form", staff, reverse("clusters:membership_edit", args=[conf.cluster.pk, YEAR]), None),
        ("assessment-overview", officer_a, reverse("clusters:assessment_overview", args=[w["pledge"].pk]), None),
        ("campaign-new", staff, reverse("campaigns:campaign_create"), None),
        ("council-form", staff, reverse("awards:council_create"), None),
        ("decision-form", staff, reverse("awards:decision_create", args=[w["session"].pk]), None),
        ("matrix-no-match", staff, reverse("reports:matrix"), {"year": 2026, "q": "không có đơn vị này"}),
    ]


def _cluster_year_pages(w, *, officer_a, officer_b, unit_b):
    """Pages of the chair and members that are open only during the cluster's year."""
    conf, pledge = w["conf"], w["pledge"]
    return [
        ("term-form", officer_a, reverse("clusters:term_edit", args=[conf.cluster.pk, YEAR + 1]), None),
        ("pledge-form", officer_a, reverse("clusters:pledge_edit", args=[pledge.pk]), None),
        ("assessment-form", officer_b, reverse("clusters:assessment_edit", args=[pledge.pk]), None),
        ("assessment-review", officer_a, reverse("clusters:assessment_review", args=[pledge.pk, unit_b.pk]), None),
    ]


def _empty_pages(*, staff, leadership, officer_a):
    """Pages before any data exists: their empty states."""
    return [
        ("empty-home-staff", staff, reverse("home"), None),
        ("empty-home-leadership", leadership, reverse("home"), None),
        ("empty-home-officer", officer_a, reverse("home"), None),
        ("empty-dashboard", leadership, reverse("summaries:dashboard"), None),
        ("empty-campaign-list", staff, reverse("campaigns:campaign_list"), None),
        ("empty-directive-list", staff, reverse("campaigns:directive_list"), None),
        ("empty-cluster-list", staff, reverse("clusters:cluster_list"), None),
        ("empty-report-matrix", staff, reverse("reports:matrix"), None),
        ("empty-my-reports", officer_a, reverse("reports:my_reports"), None),
        ("empty-review-queue", staff, reverse("reports:review_queue"), None),
        ("empty-reminder-log", staff, reverse("reports:reminder_log"), None),
        ("empty-nomination-list", staff, reverse("awards:nomination_list"), None),
        ("empty-council-list", staff, reverse("awards:council_list"), None),
        ("empty-decision-list", staff, reverse("awards:decision_list"), None),
    ]


def _render(pages, folder):
    """Write each page to `folder`/<name>.html; returns (files, {name: url})."""
    files, names = [], {}
    for name, client, url, query in pages:
        response = client.get(url, query or {})
        assert response.status_code == 200, f"{name}: GET {url} answered {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), name
        path = folder / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
        names[name] = url
    return files, names


def _vnu(files):
    """vnu's messages for `files`, in one run of the JVM."""
    result = subprocess.run(  # noqa: S603 -- fixed command, our own files
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON (exit {result.returncode}):\n{result.stderr[-2000:]}")


def _report(errors, names):
    lines = [f"vnu found {sum(map(len, errors.values()))} HTML error(s) on {len(errors)} page(s):"]
    for name, messages in errors.items():
        lines.append(f"\n{name} ({names[name]}):")
        for m in messages:
            where = f"line {m.get('lastLine', '?')}, column {m.get('firstColumn', m.get('lastColumn', '?'))}"
            extract = " ".join(m.get("extract", "").split())
            lines.append(f"  - {where}: {m['message']}")
            if extract:
                lines.append(f"      {extract[:160]}")
    return "\n".join(lines)


@pytest.mark.skipif(JAVA is None, reason="no Java runtime on the PATH (make system-deps installs default-jre-headless)")
@pytest.mark.skipif(not VNU_JAR.exists(), reason=f"{VNU_JAR} is missing: run `npm ci` (the vnu-jar package)")
def test_main_pages_are_valid_html(
    tmp_path,
    unit_a,
    unit_b,
    staff_user,
    leadership_user,
    officer_a,
    staff_client,
    leadership_client,
    officer_a_client,
    officer_b_client,
):
    with time_machine.travel(JUNE_2026, tick=False):
        pages = _empty_pages(staff=staff_client, leadership=leadership_client, officer_a=officer_a_client)
        files, names = _render(pages, tmp_path)
        w = _world(
            unit_a=unit_a, unit_b=unit_b, staff_user=staff_user, leadership_user=leadership_user, officer_a=officer_a
        )
        pages = _pages(
            w,
            staff=staff_client,
            leadership=leadership_client,
            officer_a=officer_a_client,
            officer_b=officer_b_client,
            unit_a=unit_a,
            unit_b=unit_b,
        )
        more_files, more_names = _render(pages, tmp_path)
    files += more_files
    names |= more_names
    cluster_services.copy_membership(cluster=w["conf"].cluster, year=YEAR + 1)
    with time_machine.travel(NOVEMBER_2024, tick=False):
        pages = _cluster_year_pages(w, officer_a=officer_a_client, officer_b=officer_b_client, unit_b=unit_b)
        more_files, more_names = _render(pages, tmp_path)
    files += more_files
    names |= more_names

    errors = defaultdict(list)
    for message in _vnu(files):
        if message.get("type") == "info":  # not asked for (--errors-only); errors of every kind count
            continue
        if _allowed(message.get("message", "")):
            continue
        name = Path(message.get("url", "").removeprefix("file:")).stem
        errors[name].append(message)
    assert not errors, _report(dict(errors), names)
