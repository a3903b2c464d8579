import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "thidua.example.vn",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 -- fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_passes_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_the_default_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_defaults(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_env_example_lists_every_variable_the_settings_read():
    import re

    settings_source = (BASE_DIR / "emulation_portal" / "settings.py").read_text()
    read = set(re.findall(r'env\.\w+\("([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M))
    assert read - documented == set()


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
