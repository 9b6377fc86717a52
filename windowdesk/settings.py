"""Settings for every shape of Windowdesk, read from the environment.

Embedded mode (nothing set): SQLite in var/ and kombu's filesystem broker, so
`make run` needs no PostgreSQL and no Redis. Production mode (DJANGO_DEBUG=0)
refuses to start without its secrets.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WINDOWDESK_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", True)


def secret(name: str, embedded_default: str, min_length: int = 0) -> str:
    value = os.environ.get(name)
    if DEBUG:
        return value or embedded_default
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is off.")
    # The embedded values are in the source for anyone to read: copied into a
    # production environment they are as good as no secret at all.
    if value.startswith("embedded-only") or value == embedded_default:
        raise ImproperlyConfigured(
            f"{name} is the embedded development value; set a real secret when DJANGO_DEBUG is off.")
    if len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name} is too short ({len(value)} characters); use at least {min_length} random characters.")
    return value


SECRET_KEY = secret("DJANGO_SECRET_KEY", "embedded-only-insecure-key-" + "x" * 40, min_length=50)
# Personal data (ID numbers, phones) is encrypted with a key derived from this
# salt and SECRET_KEY, and looked up through an HMAC keyed with PII_HASH_KEY.
# Changing either makes stored values unreadable or unfindable: back them up.
SALT_KEY = secret("FIELD_ENCRYPTION_SALT", "embedded-only-salt")
PII_HASH_KEY = secret("PII_HASH_KEY", "embedded-only-hash-key")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_ratelimit",
    "captcha",
    "routing",
    "cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads request.POST: it decides how the body may be parsed.
    "windowdesk.middleware.UploadLimitMiddleware",
    "windowdesk.middleware.RefuseNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "windowdesk.middleware.OfficeTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it turns a refused login into the lockout page whatever the view returned.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "windowdesk.urls"
# Widgets are drawn by the project's template engine, so templates/django/forms/
# may replace one of Django's widget templates (the select: see its comment).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "windowdesk.wsgi.application"

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
                "routing.context_processors.calendar_warnings",
                "routing.context_processors.rota_warnings",
                "cases.context_processors.inbox",
                "cases.context_processors.language_next",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection that PostgreSQL dropped (a restart while idle) is
        # checked and replaced at the first query of a request, not a 500.
        conn_health_checks=True,
    )
}
# A read replica for the statistics pages and exports (windowdesk/db_router.py):
# PostgreSQL streaming replication fills it; Django only reads it.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True)
    # The test runner must not create a test copy of the replica: it reads the default's.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
STATISTICS_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["windowdesk.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "routing.User"
# axes' backend first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "windowdesk.auth.StaffBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
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

# Content-Security-Policy (django-csp): only this site's own files run or style a
# page, so text a citizen dictated that slips past escaping still cannot run as
# a script. No 'unsafe-inline': every script and style lives in static/ (a test
# reads every template for inline ones). data: images are Bootstrap's SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Citizens' attachments: outside the web root and STATIC_ROOT, served only
# through the case's access check (cases.views.public_files), never by URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("WINDOWDESK_PRIVATE_DIR", VAR_DIR / "private"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Oversized input is refused before it reaches a form (see cases.forms for the
# per-field limits that give the clerk a message beside the field).
# The typed fields of a request (files not counted): the longest form is a few
# thousand characters, so 1 MB is only reached by a crafted request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1 * 1024 * 1024
# An uploaded file larger than this is spooled to a temporary file, not RAM:
# a phone photo of 3 MB must not cost 3 MB of memory per request on a small server.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1 * 1024 * 1024
# A whole upload: five files of 5 MB (cases.attachments) and the typed fields.
# A larger body is read with its files thrown away (windowdesk.middleware), so
# the form comes back with what was typed and a message, not a bare 400.
# The reverse proxy's own cap (client_max_body_size) must be above this.
UPLOAD_MAX_BODY_SIZE = 26 * 1024 * 1024
# The form allows five; a few more still reach it and get its message.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- The cache: Redis when REDIS_URL is set, shared by every worker, which the
# rate limits of the public pages (cases.public_limits) and the API need. Without it (embedded
# mode, tests) each process counts for itself: limits get looser, never stricter.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "default"

# --- Abuse of the public form and tracking page (cases.public_limits).
PUBLIC_CAPTCHA_AFTER = int(os.environ.get("WINDOWDESK_CAPTCHA_AFTER", "3"))  # submissions per address per hour
PUBLIC_REPORTS_PER_ADDRESS = int(os.environ.get("WINDOWDESK_REPORTS_PER_ADDRESS", "20"))  # per hour
PUBLIC_REPORTS_PER_PHONE_PER_DAY = int(os.environ.get("WINDOWDESK_REPORTS_PER_PHONE", "3"))
PUBLIC_TRACKING_MISSES_PER_ADDRESS = int(os.environ.get("WINDOWDESK_TRACKING_MISSES", "20"))  # wrong codes per hour
# The captcha (django-simple-captcha): drawn by the app, served from /captcha/
# (CSP: images from 'self'); a sum of two numbers is typed on a phone's digit pad.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_TIMEOUT = 20  # minutes: an older citizen may take a while over the form
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_FONT_SIZE = 30

# --- Celery: Redis when REDIS_URL is set, else a broker that needs no server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    _broker = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker / _sub).mkdir(parents=True, exist_ok=True)
    # The filesystem transport has no server, but kombu wants a host name in
    # the URL: without one it warns "No hostname was supplied" on every
    # connection (each text or mail queued, the worker's start).
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
# Excel exports run on a queue of their own (docker-compose's `exports` worker):
# a file of 10^5 rows takes about a minute, and must not hold up the sweep's ticks.
CELERY_TASK_ROUTES = {"cases.build_export": {"queue": "exports"}}

CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The deadline sweep: every minute. Deadlines live in the database, so a
# missed tick (worker down, broker down) is caught up by the next one.
CELERY_BEAT_SCHEDULE = {
    "sweep-deadlines": {"task": "cases.sweep_deadlines", "schedule": 60.0, "options": {"expires": 55}},
    # Texts to citizens whose first try failed (or could not be queued).
    "send-texts": {"task": "cases.send_pending_texts", "schedule": 60.0, "options": {"expires": 55}},
    # Each office's daily summary, once its clock passes its summary time on a
    # working day (cases.daily_summary); a missed day is made on the next run.
    "daily-summaries": {"task": "cases.make_daily_summaries", "schedule": 60.0, "options": {"expires": 55}},
    # The daily figures of the statistics pages: the last days recomputed from
    # the register each hour (cases.services.figures; a rerun writes the same rows).
    "refresh-daily-figures": {"task": "cases.refresh_daily_figures", "schedule": 3600.0, "options": {"expires": 3000}},
    # Excel exports: queue again what the broker lost, delete files a week old.
    "tidy-exports": {"task": "cases.tidy_exports", "schedule": 300.0, "options": {"expires": 290}},
}
# With the broker down, a clerk's save must not hang on queueing a mail:
# fail fast, the sweep mails what is left.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "windowdesk@localhost")

# --- Text messages to citizens (windowdesk.sms): printed in development, a
# provider's HTTP gateway in production.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "windowdesk.sms.ConsoleBackend" if DEBUG else "windowdesk.sms.GatewayBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(VAR_DIR / "sms"))
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = os.environ.get("SMS_GATEWAY_KEY", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
# The sender's name the provider registered (短信签名), e.g. 丹东市人社局.
SMS_SIGNATURE = os.environ.get("SMS_SIGNATURE", "Windowdesk")


def public_site_url(value: str | None) -> str:
    """Scheme and host of the public pages, e.g. https://window.example.gov.cn.

    Every link in a text to a citizen (the receipt's tracking link, the rating
    link at closing, the sweep's invitation) is built from it, never from a
    request: texts are also written by the sweep and by API calls, and a
    request's Host is whatever the client sent. `make run`'s address is the
    development default; in production a link to localhost would reach nobody,
    so it must be set.
    """
    if not value:
        if DEBUG:
            return "http://localhost:8000"
        raise ImproperlyConfigured(
            "WINDOWDESK_PUBLIC_URL must be set when DJANGO_DEBUG is off: the public address of the site "
            "(e.g. https://window.example.gov.cn), used in the links texted to citizens.")
    value = value.strip().rstrip("/")
    scheme, _sep, host = value.partition("://")
    if scheme not in ("http", "https") or not host or "/" in host:
        raise ImproperlyConfigured(
            f"WINDOWDESK_PUBLIC_URL must be a scheme and a host with no path, e.g. https://window.example.gov.cn "
            f"(got {value!r}).")
    if not DEBUG and scheme != "https":
        raise ImproperlyConfigured("WINDOWDESK_PUBLIC_URL must start with https:// when DJANGO_DEBUG is off.")
    return value


PUBLIC_SITE_URL = public_site_url(os.environ.get("WINDOWDESK_PUBLIC_URL"))

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Password guessing (django-axes): five failures lock out the user name, and
# separately the address (one address trying many names), for fifteen minutes;
# every failure is kept in AccessFailureLog. Office administrators unlock their
# own office's staff in the admin (routing.admin_lockouts).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "routing.lockouts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "routing.lockouts.client_ip"
# Our own, office-scoped admin replaces axes' (which would show every office's attempts).
AXES_ENABLE_ADMIN = False
# Behind the reverse proxy every request comes from the proxy's address: the
# client's is the one the proxy appended to X-Forwarded-For, counted from the
# right (whatever is further left was sent by the client and can be forged).
# 0 trusts no header (embedded mode, no proxy).
TRUSTED_PROXY_COUNT = int(os.environ.get("WINDOWDESK_TRUSTED_PROXIES", "0" if DEBUG else "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
