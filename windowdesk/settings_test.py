"""Small overrides for the test suite on top of the real settings."""

from .settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "windowdesk.sms.LocmemBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False
# axes stays on (tests/views/test_login_lockout.py), but lets Client.login, which
# passes no request, through; see tests/auth_backend.py.
AUTHENTICATION_BACKENDS = ["tests.auth_backend.AxesBackendForTestClient", "windowdesk.auth.StaffBackend"]
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]  # the local-memory cache above
# A second database standing in for the read replica (tests/statistics/test_replica.py
# reads the statistics from it); created only for the tests that ask for it.
DATABASES["replica"] = {**DATABASES["default"], "NAME": f"{DATABASES['default']['NAME']}_replica", "TEST": {}}
