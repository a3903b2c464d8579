"""Telling a unit its report was returned: a portal notification and an e-mail with the reason."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .models import Notification, QuarterlyReport
from .reminders import reminder_recipients

logger = logging.getLogger(__name__)

TEXT_LIMIT = Notification._meta.get_field("text").max_length


def notify_report_returned(*, report, comment, now=None):
    """Put a notification on the unit's home page now, and e-mail its officers once the return commits."""
    link = reverse("reports:report_edit", args=[report.period_id])
    with translation.override("vi"):
        text = _("The report for %(period)s was returned for revision: %(reason)s") % {
            "period": report.period,
            "reason": comment,
        }
    notification = Notification.objects.create(
        organization_id=report.organization_id,
        text=Truncator(text).chars(TEXT_LIMIT),
        link=link,
        created_at=now or timezone.now(),
    )
    report_id = report.pk
    transaction.on_commit(lambda: send_return_email(report_id=report_id, comment=comment))
    return notification


def send_return_email(*, report_id, comment):
    """E-mail the unit (its address and its officers) that its report came back, and why."""
    report = QuarterlyReport.objects.select_related("organization", "period").filter(pk=report_id).first()
    if report is None:
        logger.warning("Returned report %s is gone", report_id)
        return 0
    recipients = reminder_recipients(report.organization)
    if not recipients:
        logger.info("No e-mail address for %s: the return is shown in the portal only", report.organization)
        return 0
    with translation.override("vi"):
        context = {
            "report": report,
            "period": report.period,
            "organization": report.organization,
            "reason": comment,
            "link": settings.SITE_URL.rstrip("/") + reverse("reports:report_edit", args=[report.period_id]),
        }
        subject = _("Report for %(period)s returned for revision") % {"period": report.period}
        body = render_to_string("emails/report_returned.txt", context)
    message = EmailMessage(subject=subject, body=body, to=recipients)
    try:
        return message.send()
    except Exception:  # the return is done and shown in the portal; a mail failure must not undo it
        logger.exception("Could not e-mail the return of report %s", report_id)
        return 0
