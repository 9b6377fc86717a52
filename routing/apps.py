from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Organisation and time")

    def ready(self):
        # Connects the calendar's receivers (cache invalidation, calendar_changed).
        from . import signals  # noqa: F401
        # Logs every failed and locked-out login.
        from . import lockouts  # noqa: F401
