"""Small overrides for the test suite on top of the real settings."""

from .settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "windowdesk.sms.LocmemBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False
# axes stays on (tests/views/test_login_lockout.py), but lets Client.login, which
# passes no request, through; see tests/auth_backend.py.
AUTHENTICATION_BACKENDS = ["tests.auth_backend.AxesBackendForTestClient", "windowdesk.auth.StaffBackend"]
