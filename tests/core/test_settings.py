"""Start-up behaviour, checked in fresh processes so that the environment is exactly as given."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60 + "production-like-secret-key-for-the-test",
    "ALLOWED_HOSTS": "xnzx.example.gov.cn",
    "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="efficiency_center.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_missing_secret_or_hosts_is_a_clear_startup_error(missing):
    env = {k: v for k, v in PROD.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr  # one line, no traceback
    assert missing in result.stderr and "未设置" in result.stderr


def test_check_deploy_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_malformed_database_url_is_one_line():
    result = manage("check", env={"DEBUG": "1", "DATABASE_URL": "nonsense://::"})
    assert result.returncode != 0
    assert "DATABASE_URL 格式错误" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_database_and_broker_are_named(tmp_path):
    result = manage(
        "check_services",
        env={
            "DEBUG": "1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none",
            "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
            "VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("数据库无法连接") for line in lines)
    assert any(line.startswith("消息队列无法连接") for line in lines)
    assert "Traceback" not in result.stderr


def test_settings_are_chinese_and_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


@pytest.mark.django_db
def test_database_outage_shows_a_chinese_503_not_a_traceback(client, monkeypatch):
    from django.db import OperationalError

    from efficiency_center import views

    def broken(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(views.selectors, "running_campaign", broken)
    response = client.get("/")
    assert response.status_code == 503
    assert "暂时无法" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_missing_pdf_font_is_a_named_check_error(settings):
    from efficiency_center.checks import pdf_fonts_present

    assert pdf_fonts_present(None) == []
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static"]
    errors = pdf_fonts_present(None)
    assert errors and "PDF 中文字体缺失" in errors[0].msg


def test_production_collectstatic_succeeds(tmp_path):
    # The manifest storage fails on any missing referenced file (e.g. a source map).
    result = manage("collectstatic", "--noinput", env={**PROD, "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()


def test_migration_check_needs_no_production_secrets():
    # Developers' and CI's tooling runs `makemigrations --check` with no environment at all.
    result = manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
