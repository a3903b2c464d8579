"""The benchmark's database and Django set-up, shared by every section of `python -m benchmarks`.

PostgreSQL database `ep_bench` (dropped and created again) when 127.0.0.1:5432 answers,
else a SQLite file in var/; BENCH_DATABASE_URL chooses another database that may be wiped.
"""

import os
import secrets
import shutil
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "ep_bench"

_ready = False


def _postgres_answers():
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
    except OSError:
        return False
    try:
        import psycopg2
    except ImportError:
        return False
    try:
        psycopg2.connect(PG_ADMIN_URL, connect_timeout=2).close()
    except psycopg2.Error:
        return False
    return True


def _fresh_postgres():
    import psycopg2

    connection = psycopg2.connect(PG_ADMIN_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    connection.close()
    return f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


def _fresh_sqlite():
    path = ROOT / "var" / "bench.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def server_environment():
    """The environment variables of the benchmark: production-like settings, the bench database."""
    # CONN_MAX_AGE and the rest keep the settings' production defaults unless set by the caller.
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CELERY_DATA_DIR": os.environ["CELERY_DATA_DIR"],
    }


def setup():
    """Point Django at a fresh benchmark database, set it up and migrate it (once per run)."""
    global _ready
    if _ready:
        return
    if os.environ.get("BENCH_DATABASE_URL"):
        url = os.environ["BENCH_DATABASE_URL"]
    else:
        url = _fresh_postgres() if _postgres_answers() else _fresh_sqlite()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    # Tasks go to a throw-away file-system queue: enqueueing is measured, nothing is sent.
    os.environ["CELERY_DATA_DIR"] = str(ROOT / "var" / "bench-celery")
    os.environ.pop("REDIS_URL", None)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    shutil.rmtree(os.environ["CELERY_DATA_DIR"], ignore_errors=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _ready = True


def database_label():
    from django.db import connection

    return f"{connection.vendor} ({connection.settings_dict['NAME']})"
