"""Plenary settings: one file, read from the environment.

Without any environment the embedded defaults apply (SQLite under var/, tasks run in
process, console email) so the demo needs nothing but Python. DATABASE_URL, REDIS_URL,
SMTP_HOST and S3_BUCKET switch to the real services.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLENARY_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",
    "config.apps.PlenaryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "ninja",
    "bootstrap",
    "simple_history",
    "members",
    "groups",
    "webhooks",
    "meetings",
    "workplans",
    "press",
    "config.apps.PlenaryConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "members.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.SessionMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Databases: SQLite under var/ unless DATABASE_URL points at PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "plenary.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and cache when REDIS_URL is set; otherwise tasks run in process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Degrades to no cache while Redis is down (see config/cache.py); short timeouts so an
    # unreachable Redis costs a page at most a second.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker, tasks run in the web process when their transaction commits.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# PDFs and exports go to their own queue, so a long render (a 5,000-comment matrix takes about
# 20 s) never holds up reminders and mail, and the render worker can be sized for memory.
# A worker started without -Q consumes both queues (so a single worker keeps doing everything);
# `-Q celery` and `-Q render` split them between two workers (README "Running on PostgreSQL, Redis and SMTP").
RENDER_QUEUE = "render"
RENDER_TASKS = (
    "meetings.tasks.render_minutes_pdf",
    "meetings.tasks.render_attendance_pdf",
    "meetings.tasks.render_participants_pdf",
    "workplans.tasks.render_matrix_pdf",
    "workplans.tasks.render_stalled_exports",
    "workplans.tasks.prints.render_version_pdf",
    "press.tasks.make_press_release_pdf",
    "press.tasks.make_missing_pdfs",
)
CELERY_TASK_ROUTES = {name: {"queue": RENDER_QUEUE} for name in RENDER_TASKS}
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue(CELERY_TASK_DEFAULT_QUEUE), Queue(RENDER_QUEUE))
# Queueing from a request while Redis is down gives up within about a second (the work is in
# the database and the beat scans find it); members.enqueue logs the failure.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
# A task whose worker died is redelivered after this (kombu's default is an hour). Every task
# is idempotent, so an early redelivery of a task still running costs only duplicate work.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
# Keep reconnecting for as long as Redis is away, instead of giving up after 100 tries.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# The outbox: a sending worker's claim lapses after this many seconds without renewal (it renews
# before every message), so a dead worker's mail is taken up by the next scan within a minute.
# Keep it above SMTP_TIMEOUT. Failed sends are retried after RETRY, 2×RETRY... up to RETRY_MAX.
PLENARY_OUTBOX_LEASE_SECONDS = env_int("PLENARY_OUTBOX_LEASE_SECONDS", 45)
# A PDF larger than this is linked from an email rather than attached (circulated minutes).
PLENARY_EMAIL_ATTACHMENT_MAX_BYTES = env_int("PLENARY_EMAIL_ATTACHMENT_MAX_BYTES", 2_000_000)
PLENARY_OUTBOX_SCAN_SECONDS = env_int("PLENARY_OUTBOX_SCAN_SECONDS", 15)
PLENARY_OUTBOX_RETRY_SECONDS = env_int("PLENARY_OUTBOX_RETRY_SECONDS", 60)
PLENARY_OUTBOX_RETRY_MAX_SECONDS = env_int("PLENARY_OUTBOX_RETRY_MAX_SECONDS", 3600)
# PDFs and exports: a render claims its object; a claim older than STALL seconds is a dead
# worker's, and the render scans (every SCAN seconds) take it up again. Keep STALL above the
# longest render (about 11 s for a 1,000-comment matrix).
PLENARY_RENDER_STALL_SECONDS = env_int("PLENARY_RENDER_STALL_SECONDS", 120)
PLENARY_RENDER_SCAN_SECONDS = env_int("PLENARY_RENDER_SCAN_SECONDS", 60)
# The every-minute scans (reminders, scheduled releases); a number of seconds instead lets the
# fault tests run them every few seconds.
EVERY_MINUTE = float(env_int("PLENARY_MINUTE_SCAN_SECONDS", 0)) or crontab()
# Static: timed work is found by scanning the database, so one short period is enough.
CELERY_BEAT_SCHEDULE: dict = {
    # Sends whatever the outbox owes: mail whose enqueueing failed, retries that came due, and
    # rows a dead worker held. The query is one indexed lookup when nothing is due.
    "deliver-outbox": {
        "task": "members.tasks.deliver_outbox",
        "schedule": float(PLENARY_OUTBOX_SCAN_SECONDS),
    },
    "meeting-reminders": {"task": "meetings.tasks.send_due_reminders", "schedule": EVERY_MINUTE},
    "comment-round-reminders": {"task": "workplans.tasks.send_due_round_reminders", "schedule": EVERY_MINUTE},
    # PDFs whose task was lost (Redis down when queued, worker killed while rendering).
    "press-release-pdfs": {
        "task": "press.tasks.make_missing_pdfs",
        "schedule": float(PLENARY_RENDER_SCAN_SECONDS),
    },
    "comment-matrix-exports": {
        "task": "workplans.tasks.render_stalled_exports",
        "schedule": float(PLENARY_RENDER_SCAN_SECONDS),
    },
    # Webhook deliveries due: new events whose task was lost, and retries that came due.
    "webhook-deliveries": {"task": "webhooks.tasks.deliver_webhooks", "schedule": 30.0},
    # Papers whose text was never read (task lost) or whose file changed since.
    "paper-texts": {"task": "meetings.tasks.extract_missing_texts", "schedule": crontab(minute="*/5")},
    "publish-scheduled-press-releases": {
        "task": "press.tasks.publish_due_press_releases",
        "schedule": EVERY_MINUTE,
    },
    # Each digest subscriber's items of the last day in one email (members.digest); a rerun adds nothing.
    "daily-digest": {"task": "members.tasks.send_daily_digests", "schedule": crontab(minute=0, hour=11)},
}

# Email through Django 6.1 MAILERS. SMTP when SMTP_HOST is set, console otherwise.
SMTP_HOST = env_str("SMTP_HOST")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "members.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER") or None,
                "password": env_str("SMTP_PASSWORD") or None,
                "use_tls": env_bool("SMTP_USE_TLS", False),
                "timeout": env_int("SMTP_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Plenary <plenary@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Files: local disk by default; S3-compatible storage when S3_BUCKET is set, so web
# servers and workers on different machines see the same uploads and PDFs.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION", "us-east-1"),
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or env_bool("WHITENOISE_USE_FINDERS", False)

# Accounts
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, loading the session's user with their roles in one query.
    "members.auth_backends.ModelBackend",
    "members.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:me"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Plenary] "
# Links in account emails use the scheme the site is actually served on.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https:") else "http"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
# allauth's defaults are on; stated here so nobody turns them off by accident.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Plenary"
MFA_RECOVERY_CODE_COUNT = 10

SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with a query compiled once per process (members.sessions).
SESSION_ENGINE = "members.sessions"
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Behind a proxy every request comes from the proxy's address: allauth's rate limits must key
# on the client's address, or ten failed logins lock everybody out. X-Forwarded-For is read
# from the right, skipping only the proxies we run (the client can forge the rest).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER") or None
# Behind the TLS proxy the whole site is HTTPS, so Django also redirects stray plain-HTTP
# requests and sends HSTS (a year, subdomains left alone); either can be turned off when the
# proxy does it instead. Without the proxy (a laptop, the compose stack) both stay off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BEHIND_TLS_PROXY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if BEHIND_TLS_PROXY else 0)
# Only the organisation knows whether every subdomain is HTTPS too: off unless it says so.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Content Security Policy: no inline script or style anywhere; scripts carry a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Languages: the product ships in English, Spanish, French and Portuguese.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A text missing in the reader's language is read in English, else in whichever language has it
# (an object written in French may have no English yet). Pages show which language they fell back
# to through members.translated, never through these bare attributes.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "es", "fr", "pt")
# Portuguese is Brazil's: the project's catalogue first, then the packages' pt_BR catalogues
# that `manage.py brazilian_portuguese` puts under var/locale/ (in INSTALLED_APPS order).
BRAZILIAN_LOCALE_DIR = VAR_DIR / "locale"
LOCALE_PATHS = [BASE_DIR / "locale", *sorted(BRAZILIAN_LOCALE_DIR.glob("*/"))]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
# Where the organisation sits; a group may set its own.
PLENARY_DEFAULT_TIME_ZONE = env_str("PLENARY_DEFAULT_TIME_ZONE", "America/New_York")
# Whether a mission's invited person is a delegate on accepting, or once the secretariat confirms:
# decided by the groups the state supports (members cannot import groups, so it is named here).
PLENARY_INVITED_AT_ONCE = "groups.accreditation.invited_at_once"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.csp": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

PLENARY_UPLOAD_MAX_BYTES = env_int("PLENARY_UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
# Webhooks: each POST waits this long; a failure is retried after 1, 2, 4... minutes (capped),
# and given up after so many attempts. Loopback receivers (and plain HTTP to them) are for tests only.
PLENARY_WEBHOOK_TIMEOUT_SECONDS = env_int("PLENARY_WEBHOOK_TIMEOUT_SECONDS", 10)
PLENARY_WEBHOOK_RETRY_SECONDS = env_int("PLENARY_WEBHOOK_RETRY_SECONDS", 60)
PLENARY_WEBHOOK_RETRY_MAX_SECONDS = env_int("PLENARY_WEBHOOK_RETRY_MAX_SECONDS", 6 * 3600)
PLENARY_WEBHOOK_MAX_ATTEMPTS = env_int("PLENARY_WEBHOOK_MAX_ATTEMPTS", 12)
PLENARY_WEBHOOKS_ALLOW_LOOPBACK = env_bool("PLENARY_WEBHOOKS_ALLOW_LOOPBACK", False)
# Papers' text is read for search by a child process of the worker, within these bounds.
PLENARY_EXTRACT_MAX_BYTES = env_int("PLENARY_EXTRACT_MAX_BYTES", PLENARY_UPLOAD_MAX_BYTES)
PLENARY_EXTRACT_MAX_PAGES = env_int("PLENARY_EXTRACT_MAX_PAGES", 300)
PLENARY_EXTRACT_MAX_CHARS = env_int("PLENARY_EXTRACT_MAX_CHARS", 200_000)
PLENARY_EXTRACT_SECONDS = env_int("PLENARY_EXTRACT_SECONDS", 60)
PLENARY_EXTRACT_MEMORY_BYTES = env_int("PLENARY_EXTRACT_MEMORY_BYTES", 1024 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SESSION_COOKIE_AGE = int(timedelta(hours=12).total_seconds())

# Press releases: reference numbers like E-079/23 (prefix per language, number, two-digit year).
PLENARY_PRESS_REFERENCE_FORMAT = env_str("PLENARY_PRESS_REFERENCE_FORMAT", "{prefix}-{number:03d}/{year2}")
PLENARY_PRESS_REFERENCE_PREFIXES = {"en": "E", "es": "S", "fr": "F", "pt": "P"}
# Public newsroom pages are cached for anonymous visitors until a release changes, at most this long.
PLENARY_NEWSROOM_CACHE_SECONDS = env_int("PLENARY_NEWSROOM_CACHE_SECONDS", 600)
# Group and meeting pages kept for anonymous visitors, keyed by the page revision (members.page_cache); 0 turns it off.
PLENARY_PUBLIC_PAGE_CACHE_SECONDS = env_int("PLENARY_PUBLIC_PAGE_CACHE_SECONDS", 600)
# Open API: requests per client address (n/s, n/min, n/hour, n/day), counted in the cache.
PLENARY_API_RATE = env_str("PLENARY_API_RATE", "120/min")
# The client address is the connection's unless proxies are declared (then X-Forwarded-For's).
NINJA_NUM_PROXIES = env_int("PLENARY_API_PROXIES", 0)
