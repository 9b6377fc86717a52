"""The audit trail: one row per transition or privileged action, never changed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routing.models import Office

from .case import Case
from .choices import State
from .labels import reason_label


MEETING_RECORDED = "case.meeting_recorded"  # the case page reads meetings only for a case with this row
WORK_ORDER_DISPATCHED = "work_order.dispatched"  # and work orders only for a case with this row
# A closed case handled again: by the duty leader (reopen), or after a callback or a bad rating (重办).
REOPEN_ACTIONS = ("case.reopened", "case.rehandling")

# What each dotted action code means, for the history on a case's page.
ACTION_LABELS = {
    "case.registered": _("registered"),
    "case.accepted": _("taken on at the window"),
    "case.classified": _("category recorded"),
    "case.outcome_recorded": _("outcome for the citizen recorded"),
    "case.deficiency_approved": _("acceptance with deficiencies approved"),
    "case.staff_fault_recorded": _("staff-side fault recorded"),
    "case.special_handling_recorded": _("special handling recorded"),
    "case.resolved": _("resolved"),
    "case.closed": _("closed (销号)"),
    "case.reopened": _("reopened"),
    "case.accountability_recorded": _("accountability recorded"),
    "case.personal_data_revealed": _("full ID number and phone shown"),
    "case.escalated": _("escalated"),
    "case.decided": _("party group's decision recorded"),
    "case.clock_stopped": _("clock stopped"),
    "case.clock_restarted": _("clock restarted"),
    MEETING_RECORDED: _("research-room meeting recorded"),
    "case.deadline_recomputed": _("deadline recomputed after a calendar change"),
    "work_order.dispatched": _("work order dispatched"),
    "work_order.signed": _("work order signed for"),
    "work_order.answered": _("work order answered"),
    "work_order.returned": _("work order returned"),
    "work_order.extension_requested": _("extension asked for"),
    "work_order.extension_approved": _("extension granted"),
    "work_order.extension_refused": _("extension refused"),
    "work_order.clock_stopped": _("work order clock stopped"),
    "work_order.clock_restarted": _("work order clock restarted"),
    "work_order.deadline_recomputed": _("work order deadline recomputed after a calendar change"),
    "innovation.created": _("institutional innovation recorded"),
    "case.callback_tried": _("callback: citizen not reached"),
    "case.called_back": _("citizen called back"),
    "case.rehandling": _("reopened for handling again (重办)"),
    "case.rated": _("rating given"),
    "case.rectification_started": _("bad rating: rectification started"),
    "case.rectification_done": _("rectification done"),
    "case.callback_overdue": _("callback overdue: duty leader told"),
    "case.rectification_overdue": _("rectification overdue: duty leader told"),
    "case.rating_invited": _("invited by text to rate"),
    "case.citizen_added": _("the citizen sent more information"),
    "case.public_answer_set": _("answer to the citizen written"),
    "export.requested": _("Excel export asked for"),
}


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One row per transition or privileged action. Written once, never changed."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    action = models.CharField(_("action"), max_length=64)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["case", "at"], name="audit_case_at"),
            # The daily figures' count of reopened cases (cases.services.figures):
            # a few rows among millions, found by day without reading the trail.
            models.Index(fields=["at"], name="audit_reopened_at",
                         condition=models.Q(action__in=REOPEN_ACTIONS)),
        ]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)

    @property
    def from_label(self) -> str:
        return State(self.from_state).label if self.from_state in State.values else self.from_state

    @property
    def to_label(self) -> str:
        return State(self.to_state).label if self.to_state in State.values else self.to_state

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")
