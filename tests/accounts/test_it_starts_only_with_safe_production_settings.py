"""Production by default: no DEBUG unless asked, no published key, and a deployment check that passes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "production.env.example"
# Variables the settings read; the parent's (the suite's own SECRET_KEY, a DATABASE_URL) must not leak in.
READ = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_", "DATABASE_URL", "SECURE_", "SESSION_", "LOGIN_",
        "PASSWORD_", "TUIJIN_", "HUEY_", "LOG_LEVEL",
        "DJANGO_ALLOW_ASYNC_UNSAFE")  # the browser tests' (Playwright's loop); never on a server


def example_variables() -> dict[str, str]:
    """KEY=VALUE lines of the example, as systemd's EnvironmentFile reads them (comments skipped)."""
    variables = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            variables[key.strip()] = value.strip()
    return variables


def run(args, tmp_path, **variables):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(READ)}
    environment |= {"TUIJIN_VAR_DIR": str(tmp_path)} | variables
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_it_passes_the_deployment_check_with_the_example_environment(tmp_path):
    # Given the example production environment, with the secret the operator fills in
    variables = example_variables()
    assert variables["SECRET_KEY"] == "" and variables["DEBUG"] == "false"
    variables |= {"SECRET_KEY": secrets.token_urlsafe(50), "TUIJIN_VAR_DIR": str(tmp_path)}

    # When Django's deployment check runs, failing on any warning
    result = run(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **variables)

    # Then it passes: HTTPS redirect, HSTS, secure cookies, no DEBUG, a strong key
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_documents_every_line_of_the_example():
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert lines[number - 1].startswith("#"), f"line {number + 1} ({line}) has no comment above it"


def test_it_warns_about_every_https_setting_left_off(tmp_path):
    # Given production without the HTTPS variables
    result = run(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, SECRET_KEY=secrets.token_urlsafe(50))

    # Then the check fails and names each one
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in result.stderr + result.stdout


def test_it_refuses_to_start_without_a_secret_key(tmp_path):
    # Given neither DEBUG nor SECRET_KEY in the environment
    result = run(["check"], tmp_path)

    # Then the app does not start, and says why in Chinese and in English
    assert result.returncode != 0
    assert "未设置 SECRET_KEY：生产环境必须在环境变量中设置随机密钥" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr and "set DEBUG=true explicitly" in result.stderr


def test_it_uses_the_development_key_only_when_debug_is_asked_for(tmp_path):
    result = run(["diffsettings", "--all"], tmp_path, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout and "insecure-development-key-only-for-debug" in result.stdout


def test_it_is_not_in_debug_mode_by_default(tmp_path):
    result = run(["diffsettings", "--all"], tmp_path, SECRET_KEY=secrets.token_urlsafe(50))

    assert result.returncode == 0, result.stderr
    assert "DEBUG = False" in result.stdout and "insecure-development-key" not in result.stdout


def test_it_reads_the_login_and_session_limits_from_the_environment(tmp_path):
    result = run(["diffsettings", "--all"], tmp_path, DEBUG="true", LOGIN_FAILURE_LIMIT="3", LOGIN_LOCKOUT_MINUTES="15",
                 SESSION_IDLE_MINUTES="20", SESSION_MAX_HOURS="8", PASSWORD_MIN_LENGTH="12")

    assert result.returncode == 0, result.stderr
    assert "AXES_FAILURE_LIMIT = 3" in result.stdout
    assert "AXES_COOLOFF_TIME = datetime.timedelta(seconds=900)" in result.stdout
    assert "SESSION_IDLE_MINUTES = 20" in result.stdout and "SESSION_MAX_HOURS = 8" in result.stdout
    assert "SESSION_COOKIE_AGE = 28800" in result.stdout
    assert "'min_length': 12" in result.stdout


@pytest.mark.parametrize(("name", "value", "message"), [
    ("LOGIN_FAILURE_LIMIT", "11", "LOGIN_FAILURE_LIMIT must be between 1 and 10, got 11"),
    ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be between 1 and 10, got 0"),
    ("PASSWORD_MIN_LENGTH", "6", "PASSWORD_MIN_LENGTH must be between 8 and 64, got 6"),
    ("SESSION_IDLE_MINUTES", "half an hour", "SESSION_IDLE_MINUTES must be an integer, got 'half an hour'"),
    ("SECURE_HSTS_SECONDS", "-1", "SECURE_HSTS_SECONDS must be at least 0, got -1"),
])
def test_it_refuses_a_limit_out_of_bounds(tmp_path, name, value, message):
    result = run(["check"], tmp_path, DEBUG="true", **{name: value})

    assert result.returncode != 0 and message in result.stderr
