"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "Zq8!pL0@mX3#vB6$nW1%rT4^yU7&iO9*" + "e" * 10


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def settings_value(module: str, expression: str, **env) -> str:
    code = (
        f"import os, django; os.environ['DJANGO_SETTINGS_MODULE']={module!r}; "
        f"from django.conf import settings; print({expression})"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "django.db.backends.sqlite3"),
        (
            {"DATABASE_URL": "postgres://u:p@db.example:5432/course"},
            "django.db.backends.postgresql",
        ),
    ],
)
def test_database_from_environment(env, expected):
    engine = settings_value("course.settings.dev", "settings.DATABASES['default']['ENGINE']", **env)
    assert engine == expected


def test_allowed_hosts_debug_and_redis_from_environment():
    env = {"ALLOWED_HOSTS": "a.example, b.example", "DEBUG": "0", "REDIS_URL": "redis://h:6379/1"}
    assert settings_value("course.settings.dev", "settings.ALLOWED_HOSTS", **env) == str(
        ["a.example", "b.example"]
    )
    assert settings_value("course.settings.dev", "settings.DEBUG", **env) == "False"
    backend = settings_value("course.settings.dev", "settings.CACHES['default']['BACKEND']", **env)
    assert backend == "django.core.cache.backends.redis.RedisCache"
    engine = settings_value("course.settings.dev", "settings.SESSION_ENGINE", **env)
    assert engine == "django.contrib.sessions.backends.cache"


def test_production_requires_a_secret_key():
    result = run_python(
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='course.settings.production'; "
        "from django.conf import settings; settings.DEBUG"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_check_deploy_is_clean():
    env = {
        "DJANGO_SETTINGS_MODULE": "course.settings.production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "course.example.org",
        "DATABASE_URL": "sqlite:////tmp/check-deploy.sqlite3",
    }
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_dev_secret_key_is_generated_once(tmp_path, monkeypatch):
    from course.settings import dev

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(dev, "BASE_DIR", tmp_path)
    first = dev._dev_secret_key()
    assert len(first) >= 50
    assert (tmp_path / ".secret_key").read_text().strip() == first
    assert dev._dev_secret_key() == first
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert dev._dev_secret_key() == "from-the-environment"
