"""Production settings for the benchmark (`make bench`), plus what only it needs.

DEBUG off with its secrets set, persistent database connections, no HTTPS
redirect (gunicorn is reached over plain HTTP on localhost), plain static
storage (nothing is collected), and the bench app: the one-row insert floor
and a header with the SQL count of each request. Never used in production.
"""

import os

# Keys of the benchmark only (production settings refuse the embedded
# development ones). Every bench process (migrate, seed, gunicorn) runs with
# this module, so search by ID number and phone finds what the seed wrote; a
# bench database seeded with other keys must be seeded again.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-insecure-key-" + "x" * 40)
os.environ.setdefault("FIELD_ENCRYPTION_SALT", "bench-only-salt")
os.environ.setdefault("PII_HASH_KEY", "bench-only-hash-key")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("WINDOWDESK_PUBLIC_URL", "https://bench.localhost")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from .settings import *  # noqa: E402,F401,F403
from .settings import INSTALLED_APPS, MIDDLEWARE  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "windowdesk.urls_bench"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
