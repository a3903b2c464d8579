"""scripts/backup.sh and scripts/restore.sh bring back a database row and an attachment.

Each test runs the real scripts against a database and a media folder of its own: SQLite
always, PostgreSQL when it answers on 127.0.0.1 and pg_dump is installed.
"""

import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
ROW = "Sở TTTT Gia Lai (minh họa)"
ATTACHMENT = "reports/2026/q2/bao-cao.pdf"


def _run(script, *args, env):
    return subprocess.run(  # noqa: S603 -- our own scripts, fixed arguments
        ["bash", str(BASE_DIR / "scripts" / script), *args],  # noqa: S607 -- bash from PATH
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _media(tmp_path):
    media = tmp_path / "media"
    (media / ATTACHMENT).parent.mkdir(parents=True)
    (media / ATTACHMENT).write_bytes(b"%PDF-1.4 bao cao\n%%EOF\n")
    return media


def _round_trip(tmp_path, env, *, read_rows, damage):
    backup = tmp_path / "backup"
    result = _run("backup.sh", str(backup), env=env)
    assert result.returncode == 0, result.stderr
    assert (backup / "media.tar.gz").exists()
    assert (backup / "SHA256SUMS").exists()

    damage()
    media = Path(env["MEDIA_ROOT"])
    shutil.rmtree(media)
    assert read_rows() == []

    refused = _run("restore.sh", str(backup), env=env)
    assert refused.returncode == 2, "restore must ask for --yes"
    result = _run("restore.sh", str(backup), "--yes", env=env)
    assert result.returncode == 0, result.stderr
    assert read_rows() == [ROW]
    assert (media / ATTACHMENT).read_bytes() == b"%PDF-1.4 bao cao\n%%EOF\n"


def test_backup_and_restore_sqlite(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE organization (name TEXT)")
        connection.execute("INSERT INTO organization VALUES (?)", (ROW,))
    connection.close()
    env = {"DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(_media(tmp_path))}

    def read_rows():
        with sqlite3.connect(database) as connection:
            rows = [name for (name,) in connection.execute("SELECT name FROM organization")]
        connection.close()
        return rows

    def damage():
        with sqlite3.connect(database) as connection:
            connection.execute("DELETE FROM organization")
        connection.close()

    _round_trip(tmp_path, env, read_rows=read_rows, damage=damage)


def test_restore_refuses_a_damaged_backup(tmp_path):
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).close()
    env = {"DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(_media(tmp_path))}
    backup = tmp_path / "backup"
    assert _run("backup.sh", str(backup), env=env).returncode == 0
    with (backup / "media.tar.gz").open("ab") as archive:
        archive.write(b"tampered")
    result = _run("restore.sh", str(backup), "--yes", env=env)
    assert result.returncode != 0
    assert (Path(env["MEDIA_ROOT"]) / ATTACHMENT).exists()


def _postgres_available():
    if not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")):
        return False
    probe = subprocess.run(  # noqa: S603 -- fixed arguments
        ["psql", f"{PG_SERVER}/postgres", "-Atc", "select 1"],  # noqa: S607 -- from PATH
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0


def _psql(url, sql):
    result = subprocess.run(  # noqa: S603 -- fixed arguments
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-Atc", sql],  # noqa: S607 -- from PATH
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.skipif(not _postgres_available(), reason="PostgreSQL and its client tools are not available")
def test_backup_and_restore_postgresql(tmp_path):
    name = f"ep_sec_backup_{uuid.uuid4().hex[:8]}"
    _psql(f"{PG_SERVER}/postgres", f"CREATE DATABASE {name}")
    url = f"{PG_SERVER}/{name}"
    try:
        _psql(url, "CREATE TABLE organization (name text)")
        _psql(url, f"INSERT INTO organization VALUES ('{ROW}')")  # noqa: S608 -- a constant
        env = {"DATABASE_URL": url, "MEDIA_ROOT": str(_media(tmp_path))}

        def read_rows():
            return [line for line in _psql(url, "SELECT name FROM organization").splitlines() if line]

        _round_trip(tmp_path, env, read_rows=read_rows, damage=lambda: _psql(url, "DELETE FROM organization"))
    finally:
        _psql(f"{PG_SERVER}/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
