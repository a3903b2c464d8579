"""Writes of summary files: ask for one (reusing a live one with the same data), build it, fail it."""

import datetime
import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from . import builders
from .kinds import module_for
from .models import SummaryFile

logger = logging.getLogger(__name__)

# Bump when the layout of the summaries changes, so files built by older code are not reused.
LAYOUT_VERSION = 2
# A request left waiting or building this long is taken as lost (a worker died) and rebuilt.
STALE_AFTER = datetime.timedelta(minutes=30)


def fingerprint(*, kind, fmt, parameters, language):
    """A digest of what the file shows: kind, format, language, parameters and the state of its data."""
    parts = [LAYOUT_VERSION, kind, fmt, language, parameters, module_for(kind).fingerprint_parts(parameters)]
    text = json.dumps(parts, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_summary(*, kind, fmt, parameters, by, language=None):
    """Return (summary file, created): the live file with the same fingerprint, or a new pending one.

    Raises LookupError for an unknown kind or parameters naming nothing.
    """
    module = module_for(kind)
    if fmt not in SummaryFile.Format.values:
        raise LookupError(fmt)
    parameters = module.clean_parameters(parameters)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        title = str(module.title(parameters))
    digest = fingerprint(kind=kind, fmt=fmt, parameters=parameters, language=language)
    existing = SummaryFile.objects.filter(fingerprint=digest).exclude(status=SummaryFile.Status.FAILED).first()
    if existing is not None:
        if existing.is_ready and not existing.file.storage.exists(existing.file.name):
            _fail(existing, "The stored file is missing.")
        elif existing.is_waiting and timezone.now() - existing.requested_at > STALE_AFTER:
            _fail(existing, "The build took too long and was abandoned.")
        else:
            return existing, False
    summary = SummaryFile(
        kind=kind,
        format=fmt,
        parameters=parameters,
        title=title[:300],
        language=language,
        fingerprint=digest,
        requested_by=by,
    )
    summary.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            summary.save()
    except IntegrityError:
        # Someone asked for the same file a moment earlier: share theirs.
        return SummaryFile.objects.exclude(status=SummaryFile.Status.FAILED).get(fingerprint=digest), False
    return summary, True


def _fail(summary, error):
    summary.status = SummaryFile.Status.FAILED
    summary.error = error
    summary.finished_at = timezone.now()
    summary.save(update_fields=["status", "error", "finished_at"])


def _progress(summary, value, **fields):
    SummaryFile.objects.filter(pk=summary.pk).update(progress=value, **fields)


def build_summary(*, summary_id):
    """Build the file of a pending summary and store it; on any error the row is marked failed.

    Returns the row, or None when it is gone or no longer waiting.
    """
    summary = SummaryFile.objects.filter(pk=summary_id).first()
    if summary is None or not summary.is_waiting:
        return summary
    started = timezone.now()
    _progress(summary, 5, status=SummaryFile.Status.RUNNING, started_at=started, error="")
    clock = time.perf_counter()
    try:
        module = module_for(summary.kind)
        with translation.override(summary.language):
            data = module.load(summary.parameters)
            _progress(summary, 30)
            if summary.format == SummaryFile.Format.PDF:
                build = builders.pdf_bytes
            else:  # a kind may lay out its own workbook (the report tracking table does)
                build = getattr(module, "xlsx_bytes", builders.xlsx_bytes)
            content = build(module, data, summary.parameters, title=summary.title)
        _progress(summary, 90)
        summary.refresh_from_db()
        summary.file.save(summary.download_name, ContentFile(content), save=False)
        summary.size = len(content)
        summary.status = SummaryFile.Status.READY
        summary.progress = 100
        summary.finished_at = timezone.now()
        summary.build_seconds = round(time.perf_counter() - clock, 3)
        summary.save(update_fields=["file", "size", "status", "progress", "finished_at", "build_seconds"])
    except Exception as error:
        logger.exception("Summary %s failed", summary_id)
        summary.refresh_from_db()
        _fail(summary, f"{type(error).__name__}: {error}"[:2000])
    return summary


def prune_old_files(*, now=None):
    """Delete the summary files (rows and stored files) finished more than SUMMARY_FILE_KEEP_DAYS ago.

    A file still asked for later is simply built again. Returns how many were deleted.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SUMMARY_FILE_KEEP_DAYS)
    old = SummaryFile.objects.filter(
        status__in=[SummaryFile.Status.READY, SummaryFile.Status.FAILED], finished_at__lt=cutoff
    )
    deleted = 0
    for summary in old.iterator():
        name = summary.file.name
        storage = summary.file.storage
        summary.delete()
        if name:
            # After the row: a download racing the prune finds no row (404), never a missing file.
            storage.delete(name)
        deleted += 1
    return deleted
