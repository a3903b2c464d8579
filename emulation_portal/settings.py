"""Settings for the emulation portal, read from the environment.

Every variable is listed, with its meaning, in `.env.example`. The defaults give a
working local portal with no server running: SQLite in `var/`, a Celery broker on the
file system, e-mail written to `var/outbox/`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

INSECURE_KEY = "insecure-local-development-key-do-not-use-in-production"
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_KEY)
if not DEBUG and (SECRET_KEY == INSECURE_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 50+ characters when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The portal's apps come first: where two catalogues translate the same English text,
    # the first app's translation wins, and ours are written for this portal.
    "accounts",
    "campaigns",
    "clusters",
    "awards",
    "reports",
    "summaries",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emulation_portal.middleware.PortalLocaleMiddleware",
    "emulation_portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "emulation_portal.middleware.SecurityHeadersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns lock-outs into the lock-out response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation_portal.urls"
WSGI_APPLICATION = "emulation_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "emulation_portal.fragments.page_cache",
            ],
            # Shared filters ({% load portal_tags %}): deadlines and numbers said one way everywhere.
            "libraries": {"portal_tags": "emulation_portal.templatetags.portal_tags"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening one per request made every page several times slower.
# The health check drops a connection the server closed before reusing it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed log-ins: django-axes locks a username from one address after this many tries.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# The lock keys on the account a username or e-mail resolves to (any case, spaces trimmed)
# and on the client's address, read behind AXES_PROXY_COUNT reverse proxies.
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
REVERSE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["emulation_portal.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/be-vietnam-pro", NODE_MODULES / "@expo-google-fonts" / "be-vietnam-pro"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# Uploads (emulation_portal/uploads.py): a request body above UPLOAD_MAX_REQUEST_MB is refused
# before it is read; form fields alone may not exceed DATA_UPLOAD_MAX_MEMORY_SIZE. A DOCX/XLSX
# (a ZIP archive) may expand to UPLOAD_MAX_EXPANDED_MB, at most UPLOAD_MAX_COMPRESSION_RATIO
# times its packed size, in at most UPLOAD_MAX_ARCHIVE_MEMBERS parts.
UPLOAD_MAX_REQUEST_MB = env.int("UPLOAD_MAX_REQUEST_MB", default=25)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_MB", default=3) * 1024 * 1024
UPLOAD_MAX_EXPANDED_MB = env.int("UPLOAD_MAX_EXPANDED_MB", default=200)
UPLOAD_MAX_COMPRESSION_RATIO = env.int("UPLOAD_MAX_COMPRESSION_RATIO", default=200)
UPLOAD_MAX_ARCHIVE_MEMBERS = env.int("UPLOAD_MAX_ARCHIVE_MEMBERS", default=2000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: a local outbox by default; SMTP when EMAIL_URL is given (smtp+tls://user:pass@host:587).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Thi đua - Khen thưởng <thidua@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Seconds an SMTP connection may hang; a reminder "sending" for longer than
# REPORT_REMINDER_SENDING_TIMEOUT_MINUTES is taken as cut off during the hand-over.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Caches (emulation_portal/fragments.py): the data version in a directory every process on
# this host shares (web, worker, beat; a volume in compose), so that a write made anywhere
# retires every cached page part at once; the rendered parts in each process's memory.
# Neither needs Redis, so pages keep working when Redis is down.
CACHE_DIR = Path(env.str("CACHE_DIR", default=str(VAR_DIR / "cache")))
PAGE_CACHE_MAX_PARTS = env.int("PAGE_CACHE_MAX_PARTS", default=2000)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-parts",
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_PARTS},
    },
}

# Celery: Redis when REDIS_URL is set, otherwise kombu's file-system broker, which
# needs no server yet runs the real worker and beat.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_DATA_DIR = Path(env.str("CELERY_DATA_DIR", default=str(VAR_DIR / "celery")))
# Short broker timeouts: with Redis unreachable a web request gives up within seconds
# (and says so) instead of holding a gunicorn worker.
CELERY_BROKER_TIMEOUT = env.float("CELERY_BROKER_TIMEOUT", default=2.0)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": CELERY_BROKER_TIMEOUT,
        "socket_timeout": CELERY_BROKER_TIMEOUT + 3,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_TIMEOUT
    CELERY_REDIS_SOCKET_TIMEOUT = CELERY_BROKER_TIMEOUT + 3
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{CELERY_DATA_DIR / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True  # workers and beat wait for the broker at start
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Beat runs in CELERY_TIMEZONE (Vietnam time): reminders every morning, next year's
# reporting periods every December (and again in January, in case December was missed).
# Summary files finished longer ago than this are deleted (rows and files) every night.
SUMMARY_FILE_KEEP_DAYS = env.int("SUMMARY_FILE_KEEP_DAYS", default=30)
CELERY_BEAT_SCHEDULE = {
    "reports-daily-reminders": {
        "task": "reports.tasks.run_daily_reminders",
        "schedule": crontab(minute=0, hour=env.int("REPORT_REMINDER_HOUR", default=8)),
    },
    "reports-yearly-periods": {
        "task": "reports.tasks.create_yearly_periods",
        "schedule": crontab(minute=30, hour=1, day_of_month=1, month_of_year="1,12"),
    },
    # Re-queues reminder e-mails left pending (broker down) or failed (SMTP down), settles
    # stale ones, and resumes a daily round that failed.
    # Summary files (PDF/XLSX) are rebuilt on demand: old ones are deleted every night.
    "summaries-prune-files": {
        "task": "summaries.tasks.prune_summary_files",
        "schedule": crontab(minute=15, hour=2),
    },
    "reports-sweep-reminders": {
        "task": "reports.tasks.sweep_reminders",
        "schedule": timedelta(minutes=env.int("REPORT_REMINDER_SWEEP_MINUTES", default=5)),
    },
}
# Reminder delivery (reports/reminders.py): an e-mail found "sending" after this long is
# reported as uncertain, never re-sent; pending or failed e-mails idle this long are re-queued
# until their window closes or after this many attempts; a manual reminder is refused again
# for this long (double clicks); the daily round commits its claims in batches of this size.
REPORT_REMINDER_SENDING_TIMEOUT_MINUTES = env.int("REPORT_REMINDER_SENDING_TIMEOUT_MINUTES", default=15)
REPORT_REMINDER_REQUEUE_MINUTES = env.int("REPORT_REMINDER_REQUEUE_MINUTES", default=15)
REPORT_REMINDER_MAX_ATTEMPTS = env.int("REPORT_REMINDER_MAX_ATTEMPTS", default=48)
REPORT_REMINDER_MANUAL_DEDUP_MINUTES = env.int("REPORT_REMINDER_MANUAL_DEDUP_MINUTES", default=10)
REPORT_REMINDER_BATCH_SIZE = env.int("REPORT_REMINDER_BATCH_SIZE", default=50)
if REPORT_REMINDER_SENDING_TIMEOUT_MINUTES * 60 <= 4 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured("REPORT_REMINDER_SENDING_TIMEOUT_MINUTES must exceed 4 × EMAIL_TIMEOUT seconds.")
if min(REPORT_REMINDER_REQUEUE_MINUTES, REPORT_REMINDER_MAX_ATTEMPTS, REPORT_REMINDER_BATCH_SIZE) < 1:
    raise ImproperlyConfigured("REPORT_REMINDER_REQUEUE_MINUTES, _MAX_ATTEMPTS and _BATCH_SIZE must be positive.")

# Quarterly reports (Chỉ thị 103/CT-BTTTT, part III): due before REPORT_DUE_DAY of the
# quarter's last month, Vietnam time; submissions stay open REPORT_LOCK_DAYS after that.
REPORT_DUE_DAY = env.int("REPORT_DUE_DAY", default=15)
REPORT_GRACE_DAYS = env.int("REPORT_GRACE_DAYS", default=0)
REPORT_LOCK_DAYS = env.int("REPORT_LOCK_DAYS", default=30)
REPORT_REMINDER_OFFSETS = sorted(
    {int(x) for x in env.list("REPORT_REMINDER_OFFSETS", default=[10, 5, 2, 1])}, reverse=True
)
REPORT_ATTACHMENT_MAX_MB = env.int("REPORT_ATTACHMENT_MAX_MB", default=20)
REPORT_ATTACHMENTS_MAX = env.int("REPORT_ATTACHMENTS_MAX", default=10)
# Organisations (by code) that receive the reports rather than write them.
REPORT_RECEIVER_CODES = env.list("REPORT_RECEIVER_CODES", default=["vu-tdkt"])
if not 1 <= REPORT_DUE_DAY <= 28:
    raise ImproperlyConfigured("REPORT_DUE_DAY must be a day between 1 and 28.")
if REPORT_GRACE_DAYS < 0 or REPORT_LOCK_DAYS < REPORT_GRACE_DAYS:
    raise ImproperlyConfigured("REPORT_GRACE_DAYS must be >= 0 and REPORT_LOCK_DAYS >= REPORT_GRACE_DAYS.")
if any(offset <= 0 for offset in REPORT_REMINDER_OFFSETS):
    raise ImproperlyConfigured("REPORT_REMINDER_OFFSETS must be positive numbers of days.")

# Voting defaults (REFERENCE.md, "Voting"), used when no VotingRule row exists for a body
# and award type. Fractions are exact: quorum and threshold as (numerator, denominator);
# base is what the threshold counts against: "all" members, those "present", or "valid" ballots.
AWARDS_VOTING_DEFAULTS = {
    # Cluster deliberation: secret, quorum 2/3 of members present, pass with > 50 % of all members.
    "cluster": {
        "secret": True,
        "quorum": (2, 3),
        "base": "all",
        "threshold": (1, 2),
        "inclusive": False,
        "max_proposals": None,
        "absent_vote_in_writing": False,
    },
    # Ministry council (NĐ 91/2017, Điều 45): secret, >= 90 % of all members, absent members in writing.
    "council": {
        "secret": True,
        "quorum": (0, 1),
        "base": "all",
        "threshold": (9, 10),
        "inclusive": True,
        "max_proposals": None,
        "absent_vote_in_writing": True,
    },
}
# Dossier files of a nomination: the same checks as report attachments.
AWARDS_FILE_MAX_MB = env.int("AWARDS_FILE_MAX_MB", default=20)

# Production security, checked by `manage.py check --deploy`.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Container health checks call plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): the portal's own scripts, styles, fonts and images
# only; no inline script or style (templates have none), no eval (htmx needs none).
# Bootstrap's CSS draws a few icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Browser features no page of the portal uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # one INFO line per log-in is noise
        "weasyprint": {"level": "WARNING"},  # one INFO line per layout step is noise
        "fontTools": {"level": "WARNING"},
    },
}
