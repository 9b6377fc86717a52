"""The duty rota: one duty leader (值班领导) per office and working day."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Office


class DutyAssignment(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="duty_assignments", verbose_name=_("office"))
    day = models.DateField(_("day"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_days",
                               verbose_name=_("duty leader"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty rota")
        ordering = ["office", "day"]
        constraints = [models.UniqueConstraint(fields=["office", "day"], name="one_duty_leader_per_office_day")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.leader}"
