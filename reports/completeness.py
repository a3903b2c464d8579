"""What a quarterly report must contain before it can be submitted (a draft may be empty).

A report answers for the quarter as a whole and for each campaign the unit takes part in:
the general assessment must be written, and each campaign section must say what was done
or what came of it. Figures stay optional: many targets are measured only once a year.
"""

from django.utils.translation import gettext as _

GENERAL = "summary"


def _filled(text):
    return bool((text or "").strip())


def missing_content(*, summary, sections):
    """The parts still empty, as {field key: message}; empty when the report may be submitted.

    `sections` are dicts with campaign, activities and results (as `save_report` takes them);
    a section's key is "c<campaign id>_activities", the name of its first field in the form.
    """
    missing = {}
    if not _filled(summary):
        missing[GENERAL] = _("Write the general assessment.")
    for section in sections:
        if not (_filled(section.get("activities")) or _filled(section.get("results"))):
            campaign = section["campaign"]
            missing[f"c{campaign.pk}_activities"] = _("“%(campaign)s”: say what was done or what resulted from it.") % {
                "campaign": campaign.name
            }
    return missing
