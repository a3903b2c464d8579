"""Every Vietnamese catalogue is complete: no untranslated or fuzzy entry reaches a user."""

import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(p for p in BASE_DIR.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_every_app_has_a_catalogue():
    apps = {p.parts[len(BASE_DIR.parts)] for p in CATALOGUES}
    assert {"accounts", "campaigns", "clusters", "awards", "reports", "locale"} <= apps


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is installed by `make`")
@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalogue_is_fully_translated(catalogue):
    result = subprocess.run(  # noqa: S603 -- fixed arguments
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(catalogue)],  # noqa: S607 -- from PATH
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
