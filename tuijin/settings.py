"""Django settings for Tuijin.

Everything that differs between a laptop, CI and a bureau's intranet server comes from
environment variables read by the strict helpers in ``tuijin.lib.env``.
"""

import os
import sys
from pathlib import Path

import dj_database_url

from tuijin.lib.env import ConfigError, envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("TUIJIN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "tuijin.core",
    "tuijin.accounts",
    "tuijin.enterprises",
    "tuijin.projects",
    "tuijin.progress",
    "tuijin.notifications",
    "tuijin.imports",
    "tuijin.exports",
    "tuijin.audit",
    "tuijin.api",
    "tuijin.policies",
    "tuijin.promotion",
    "tuijin.coordination",
    "tuijin.alerts",
    "tuijin.ops",
    "huey.contrib.djhuey",  # the scheduled jobs (escalation); `manage.py run_huey` is the consumer
    "ninja",  # serves Swagger UI from its bundled static files (not a CDN) for /api/v1/docs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tuijin.lib.middleware.ActingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "tuijin.urls"
WSGI_APPLICATION = "tuijin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tuijin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuijin.core.context_processors.navigation",
            ],
        },
    },
]

# SQLite in WAL mode is the embedded default; PostgreSQL is selected with DATABASE_URL.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "tuijin.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # A file, not shared-cache memory: tests of concurrent writers then see WAL and
            # busy_timeout exactly as production does. One per process, so parallel runs never meet.
            "TEST": {"NAME": str(VAR_DIR / f"test-tuijin-{os.getpid()}.sqlite3")},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "tuijin" / "static"]
# Serve the vendored front-end files straight from the source tree when collectstatic has not run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "tuijin@localhost")
TUIJIN_BASE_URL = envstr("TUIJIN_BASE_URL", "http://127.0.0.1:8000")  # links in e-mails

PROJECTS_PAGE_SIZE = envint("PROJECTS_PAGE_SIZE", 20)

# Spreadsheet imports: validation and apply run in a background thread unless inline (tests).
IMPORTS_RUN_INLINE = envbool("IMPORTS_RUN_INLINE", "false")
IMPORTS_MAX_UPLOAD_MB = envint("IMPORTS_MAX_UPLOAD_MB", 20)

# Excel exports: up to EXPORT_INLINE_ROWS rows download at once; bigger sheets become jobs (tuijin.exports)
# that huey writes while the page shows progress, kept EXPORTS_KEEP_DAYS days. Tests run them inline.
EXPORT_INLINE_ROWS = envint("EXPORT_INLINE_ROWS", 5000)
EXPORTS_RUN_INLINE = envbool("EXPORTS_RUN_INLINE", "false")
EXPORTS_KEEP_DAYS = envint("EXPORTS_KEEP_DAYS", 7)


def _working_hours(value):
    """"09:00-17:30" as two times; the working day's deadline is its end."""
    import datetime as dt

    try:
        opens, closes = (dt.time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        raise ConfigError(f"WORKING_HOURS must look like 09:00-17:30, got {value!r}") from None
    if opens >= closes:
        raise ConfigError(f"WORKING_HOURS must open before it closes, got {value!r}")
    return opens, closes


# 吹哨报到 (tuijin.coordination): working hours count response times and end each working day's deadline.
WORKING_HOURS = _working_hours(envstr("WORKING_HOURS", "09:00-17:30"))
COORDINATION_REOPEN_WORKDAYS = envint("COORDINATION_REOPEN_WORKDAYS", 3)  # a reopened problem's new deadline
COORDINATION_LEADER_WORKDAYS = envint("COORDINATION_LEADER_WORKDAYS", 2)  # level 2 before it goes to the meeting
COORDINATION_MAX_ATTACHMENT_MB = envint("COORDINATION_MAX_ATTACHMENT_MB", 20)

# Scheduled jobs: huey on a SQLite file by default (no extra server), on Redis when HUEY_REDIS_URL is set.
# Tasks run inline (immediate) under pytest, or with DEBUG and HUEY_IMMEDIATE=true.
HUEY_IMMEDIATE = "pytest" in sys.modules or (DEBUG and envbool("HUEY_IMMEDIATE", "false"))
HUEY_REDIS_URL = envstr("HUEY_REDIS_URL")
if HUEY_REDIS_URL:
    from huey import RedisHuey

    HUEY = RedisHuey("tuijin", url=HUEY_REDIS_URL, immediate=HUEY_IMMEDIATE)
else:
    from huey import SqliteHuey

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = SqliteHuey("tuijin", filename=str(VAR_DIR / "huey.sqlite3"), immediate=HUEY_IMMEDIATE)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
