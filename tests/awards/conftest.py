"""Shared awards fixtures: the seeded award types and a cluster with units A (chair) and B in 2024."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import NominationFile

from .factories import (
    CertificateAwardTypeFactory,
    FighterAwardTypeFactory,
    FlagAwardTypeFactory,
    cluster_with_members,
)

YEAR = 2024
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n109\n%%EOF\n"
)


@pytest.fixture
def flag_type(db):
    return FlagAwardTypeFactory()


@pytest.fixture
def certificate_type(db):
    return CertificateAwardTypeFactory()


@pytest.fixture
def fighter_type(db):
    return FighterAwardTypeFactory()


@pytest.fixture
def cluster_ab(unit_a, unit_b):
    """A cluster of units A and B in 2024, A its chair."""
    cluster, _members, _term = cluster_with_members(year=YEAR, organizations=[unit_a, unit_b], chair=unit_a)
    return cluster


def pdf_upload(name="to-trinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def dossier(nomination, *kinds):
    """Attach minimal PDF files of `kinds` (default: cover letter and achievement report)."""
    for kind in kinds or (NominationFile.Kind.COVER_LETTER, NominationFile.Kind.ACHIEVEMENT_REPORT):
        f = NominationFile(nomination=nomination, kind=kind, original_name=f"{kind}.pdf", size=20)
        f.file.save(f"{kind}.pdf", io.BytesIO(PDF), save=False)
        f.save()
