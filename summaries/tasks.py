"""Celery tasks of the summaries app: ids in, one service call each."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="summaries.tasks.build_summary_file")
def build_summary_file(summary_id):
    """Build one requested summary file (a failure is recorded on the row, shown to the user)."""
    summary = services.build_summary(summary_id=summary_id)
    if summary is None:
        logger.info("Summary %s is gone", summary_id)
        return None
    return summary.status


@shared_task(name="summaries.tasks.prune_summary_files")
def prune_summary_files():
    """Delete summary files older than SUMMARY_FILE_KEEP_DAYS (daily, from beat)."""
    deleted = services.prune_old_files()
    logger.info("Pruned %s old summary files", deleted)
    return deleted
