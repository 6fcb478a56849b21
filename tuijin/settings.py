"""Django settings for Tuijin.

Everything that differs between a laptop, CI and a bureau's intranet server comes from
environment variables read by the strict helpers in ``tuijin.lib.env``.
"""

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from tuijin.lib.env import ConfigError, envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("TUIJIN_VAR_DIR", str(BASE_DIR / "var")))

# Production is the default: a laptop says DEBUG=true (``make run`` does). Without it there is no
# fallback key, as a key published in the code lets anyone forge sessions and password-reset links.
DEBUG = envbool("DEBUG", "false")
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError(
            "未设置 SECRET_KEY：生产环境必须在环境变量中设置随机密钥（见 docs/production.env.example），"
            "本地开发请显式设置 DEBUG=true。 / SECRET_KEY is not set: production needs a random secret key in the "
            "environment (see docs/production.env.example); for local development set DEBUG=true explicitly."
        )
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
    "tuijin.nodeplans",
    "tuijin.alerts",
    "tuijin.baselines",
    "tuijin.briefings",
    "tuijin.intel",
    "tuijin.monitoring",
    "tuijin.matchmaking",
    "tuijin.leaderboards",
    "tuijin.foresight",
    "tuijin.exchange",
    "tuijin.workbench",
    "tuijin.demo",
    "axes",  # login throttling and lockout (AXES_* below)
    "tuijin.ops",
    "huey.contrib.djhuey",  # the scheduled jobs (escalation); `manage.py run_huey` is the consumer
    "ninja",  # serves Swagger UI from its bundled static files (not a CDN) for /api/v1/docs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (policy below)
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tuijin.lib.replicas.ReplicaMiddleware",  # before anything reads: where this request reads (replica or primary)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tuijin.lib.middleware.ActingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tuijin.accounts.middleware.SessionLimitMiddleware",  # after messages and htmx: it uses both
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into the login page
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
                "tuijin.workbench.context_processors.navigation",
            ],
        },
    },
]

# SQLite in WAL mode is the embedded default; PostgreSQL is selected with DATABASE_URL.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    # Persistent connections (no connection setup per request), checked before reuse.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60),
                                                  conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", "true"))}
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


# Read replicas (PostgreSQL streaming replication, docs/deploy.md): DATABASE_REPLICA_URLS, comma-separated, adds the
# aliases replica1, replica2 … with the primary's options; tuijin.lib.replicas sends read-only requests to one of them
# and keeps a browser on the primary for REPLICA_PIN_SECONDS after it writes. Migrations run on the primary only.
# Under pytest every replica is a TEST MIRROR of default (the test database exists once, on the primary; a physical
# replica holds it anyway), with a stand-in replica1 when none is set, and reads reach it only in the tests that set
# READ_REPLICAS: a mirror connection cannot see a test transaction's uncommitted rows. TUIJIN_TEST_REPLICA_URL
# (`make test` on PostgreSQL) names a real standby for tests/ops/test_it_reads_from_the_replica.py.
def _replica(url, variable):
    if not DATABASE_URL:
        raise ConfigError(f"{variable} needs DATABASE_URL: replicas are PostgreSQL standbys of a PostgreSQL primary")
    try:
        parsed = dj_database_url.parse(url)
    except (ValueError, KeyError) as error:
        raise ConfigError(f"{variable} has a URL that is not a database URL: {url!r} ({error})") from None
    if parsed.get("ENGINE") != DATABASES["default"]["ENGINE"]:
        raise ConfigError(f"{variable} must name PostgreSQL databases like DATABASE_URL, got {url!r}")
    where = {key: parsed[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    return {**DATABASES["default"], **where, "TEST": {"MIRROR": "default"}}


DATABASE_REPLICA_URLS = envlist("DATABASE_REPLICA_URLS", "")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{_number}"] = _replica(_url, "DATABASE_REPLICA_URLS")
READ_REPLICAS = [alias for alias in DATABASES if alias != "default"]
if "pytest" in sys.modules:
    READ_REPLICAS = []
    if envstr("TUIJIN_TEST_REPLICA_URL") and DATABASE_URL:
        DATABASES.setdefault("replica1", _replica(envstr("TUIJIN_TEST_REPLICA_URL"), "TUIJIN_TEST_REPLICA_URL"))
    DATABASES.setdefault("replica1", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})
DATABASE_ROUTERS = ["tuijin.lib.replicas.ReplicaRouter"]
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", 5, minimum=0, maximum=3600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The lockout backend comes first so that a locked account is refused before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "tuijin.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Passwords set through a form (change-password page, admin) obey these rules, each with a Chinese message.
PASSWORD_MIN_LENGTH = envint("PASSWORD_MIN_LENGTH", 10, minimum=8, maximum=64)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "tuijin.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "tuijin.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "tuijin.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "tuijin.accounts.passwords.NumericPasswordValidator"},
]
# Argon2id first (argon2-cffi): memory-hard, so stronger against guessing on GPUs than the PBKDF2 default,
# and cheaper in CPU per login on this machine (0.23 s against 0.30 s for PBKDF2's 1,000,000 iterations; see
# docs/benchmarks.md, 负载). Stored PBKDF2 hashes keep working and become Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT consecutive failures lock the account, and separately the
# address they came from, for LOGIN_LOCKOUT_MINUTES; a coordinator can unlock early.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=10)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 30, minimum=1, maximum=24 * 60)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account and per address
# "Consecutive": the right password clears the account's count (tuijin.accounts.lockout.clear_on_login), not
# axes' AXES_RESET_ON_SUCCESS, which also clears the address's — any valid account would then reset a guesser.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends when the page says it does
AXES_LOCKOUT_CALLABLE = "tuijin.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # coordinators unlock on their own page (accounts:locked), not through the admin
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)  # the same address tuijin.lib.middleware records

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after logging in, whatever
# happens in between (tuijin.accounts.middleware); the cookie does not outlive the longer limit either.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

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

# Browser-side defences, sent on every response. The policy allows only this app's own files: no inline
# script, no inline event handler, no eval (pages pass data through json_script / data- attributes to the
# static files under tuijin/static/js/), nothing from another origin (the intranet has none anyway), no
# plugins, no framing, no form posting elsewhere. A stored name such as <img src=x onerror=…> that slipped
# through escaping still could not run.
# One relaxation: style *attributes* (style-src-attr 'unsafe-inline'). ECharts' tooltips are HTML whose
# markers and rows carry style="…", and templates size charts and colour legend dots with style="…"; blocking
# them breaks the charts. <style> elements and stylesheets stay 'self' only (htmx's indicator CSS ships in
# tuijin.css), and a style attribute cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],  # ECharts' "save as image" and Swagger UI's icons are data:/blob:
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in ("accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
                    "microphone", "midi", "payment", "publickey-credentials-get", "usb", "serial", "hid",
                    "bluetooth", "screen-wake-lock", "xr-spatial-tracking")
}
SECURE_REFERRER_POLICY = "same-origin"  # Django's default, stated: other sites never see our paths

SESSION_COOKIE_HTTPONLY = True
# HTTPS (docs/production.env.example): off by default because a plain-HTTP intranet install with secure cookies
# could not log in at all; `manage.py check --deploy` names every one still off.
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "true" if SESSION_COOKIE_SECURE else "false")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
# Behind nginx terminating TLS: trust its X-Forwarded-Proto (nginx must set it, never pass the client's on).
if envbool("SECURE_PROXY_SSL_HEADER", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "tuijin@localhost")
TUIJIN_BASE_URL = envstr("TUIJIN_BASE_URL", "http://127.0.0.1:8000")  # links in e-mails
# 数据上报 (docs/exchange.md): this district's code (GB/T 2260) and name in the ledgers it exports.
TUIJIN_DISTRICT_CODE = envstr("TUIJIN_DISTRICT_CODE", "")
TUIJIN_DISTRICT_NAME = envstr("TUIJIN_DISTRICT_NAME", "")

PROJECTS_PAGE_SIZE = envint("PROJECTS_PAGE_SIZE", 20)
PROJECTS_MAX_ATTACHMENT_MB = envint("PROJECTS_MAX_ATTACHMENT_MB", 20, minimum=1)  # a project document (批复、合同 …)

# Spreadsheet imports: validation and apply run as huey tasks unless inline (tests).
IMPORTS_RUN_INLINE = envbool("IMPORTS_RUN_INLINE", "false")
IMPORTS_MAX_UPLOAD_MB = envint("IMPORTS_MAX_UPLOAD_MB", 20)
IMPORTS_STALL_SECONDS = envint("IMPORTS_STALL_SECONDS", 120)  # silent this long, worker gone: interrupted

# Excel exports: up to EXPORT_INLINE_ROWS rows download at once; bigger sheets become jobs (tuijin.exports)
# that huey writes while the page shows progress, kept EXPORTS_KEEP_DAYS days. Tests run them inline.
EXPORT_INLINE_ROWS = envint("EXPORT_INLINE_ROWS", 5000)
EXPORTS_RUN_INLINE = envbool("EXPORTS_RUN_INLINE", "false")
EXPORTS_KEEP_DAYS = envint("EXPORTS_KEEP_DAYS", 7)
# 报表简报 (tuijin.briefings): packs are made by huey while the page shows progress; tests may run them inline.
BRIEFINGS_RUN_INLINE = envbool("BRIEFINGS_RUN_INLINE", "false")

# 项目情报: a folder of saved news pages (.html/.txt/.docx) scanned every INTEL_WATCH_MINUTES by huey
# (and by `manage.py watch_intel`); empty: no folder is watched. Uploads up to INTEL_MAX_UPLOAD_MB.
INTEL_WATCH_DIR = envstr("INTEL_WATCH_DIR", "")
INTEL_WATCH_MINUTES = envint("INTEL_WATCH_MINUTES", 30, minimum=1, maximum=1440)
INTEL_MAX_UPLOAD_MB = envint("INTEL_MAX_UPLOAD_MB", 10, minimum=1)


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
