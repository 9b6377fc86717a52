from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case register")

    def ready(self):
        from . import receivers  # noqa: F401
        from .roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
