"""Who may see and change quarterly reports."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import can_view_overview, is_ministry_staff, is_unit_officer

from .models import QuarterlyReport, ReportAttachment
from .selectors import submission_open as is_submission_open


def acts_for(user, organization_id):
    """Whether `user` is an officer of the organisation with this id."""
    return is_unit_officer(user) and user.organization_id == organization_id


def can_see_report(user, report):
    """Staff and leadership see every report; an officer only their own unit's."""
    return can_view_overview(user) or acts_for(user, report.organization_id)


def can_edit_report(user, report, *, submission_open):
    """An officer of the unit may change the report while it is a draft or returned and not locked."""
    return acts_for(user, report.organization_id) and report.is_editable_status and submission_open


def can_review_report(user, report):
    """Staff return or accept a submitted report."""
    return is_ministry_staff(user)


def get_report_for_user(user, pk, *, write=False, submission_open=None):
    """The report `pk`: 404 if `user` may not see it, 403 if `write` and they may not change it."""
    report = get_object_or_404(QuarterlyReport.objects.select_related("period", "organization"), pk=pk)
    if not can_see_report(user, report):
        raise Http404
    if write:
        opened = is_submission_open(report.organization, report.period) if submission_open is None else submission_open
        if not can_edit_report(user, report, submission_open=opened):
            raise PermissionDenied
    return report


def get_attachment_for_user(user, pk):
    """An attachment, 404 unless `user` may see its report."""
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    if not can_see_report(user, attachment.report):
        raise Http404
    return attachment
