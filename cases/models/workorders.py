"""Work orders (工单): a case dispatched to a department, with its own clock."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from routing import clock
from routing.models import Department

from .case import Case
from .labels import ChoiceLabelsMixin


class WorkOrder(ConcurrentTransitionMixin, ChoiceLabelsMixin, models.Model):
    class Kind(models.TextChoices):
        SHOULD_HAVE_DONE = "should", _("should have been done: solve it")
        CANNOT_BE_DONE = "cannot", _("cannot be done: answer with the reasons")

    class State(models.TextChoices):
        DISPATCHED = "dispatched", _("dispatched")
        SIGNED = "signed", _("signed for")
        ANSWERED = "answered", _("answered")
        RETURNED = "returned", _("returned")

    OPEN = (State.DISPATCHED, State.SIGNED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="work_orders")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="work_orders",
                                   verbose_name=_("department"))
    kind = models.CharField(_("kind of matter"), max_length=8, choices=Kind.choices)
    instruction = models.TextField(_("instruction"), max_length=2000)
    state = FSMField(_("state"), max_length=12, choices=State.choices, default=State.DISPATCHED, protected=True)

    # The clock runs from dispatch, not from signing: a department cannot buy
    # time by leaving an order unsigned.
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("dispatched by"))
    dispatched_at = models.DateTimeField(_("dispatched at"))
    days = models.PositiveSmallIntegerField(_("working days"))
    original_due_at = models.DateTimeField(_("original deadline"))
    due_at = models.DateTimeField(_("deadline"))
    warn_at = models.DateTimeField(null=True, blank=True)
    overdue_notified = models.BooleanField(default=False)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(_("why the clock is stopped"), max_length=200, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    final = models.BooleanField(_("final assignment (no more returns)"), default=False)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    answer = models.TextField(_("written answer"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["dispatched_at", "id"]
        permissions = [("handle_work_order", _("Can sign, answer and return work orders"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=["dispatched", "signed", "answered", "returned"]),
                                   name="work_order_state_valid"),
            models.CheckConstraint(condition=models.Q(due_at__gte=models.F("original_due_at")),
                                   name="work_order_deadline_only_extends"),
        ]
        indexes = [
            # The department head's page: open orders of a department by deadline.
            models.Index(fields=["department", "due_at"], name="workorder_department_open",
                         condition=models.Q(state__in=["dispatched", "signed"])),
            # The sweep: orders running late or turning yellow.
            models.Index(fields=["due_at"], name="workorder_running_due",
                         condition=models.Q(state__in=["dispatched", "signed"], overdue_notified=False,
                                            paused_at__isnull=True)),
            models.Index(fields=["warn_at"], name="workorder_warn_due", condition=models.Q(warn_at__isnull=False)),
            # The duty leader's "returned, dispatch again" list.
            models.Index(fields=["department", "-returned_at"], name="workorder_returned",
                         condition=models.Q(state="returned")),
        ]

    def __str__(self):
        return f"{self.case.number} → {self.department}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    @property
    def was_extended(self) -> bool:
        return self.due_at != self.original_due_at

    @property
    def on_time(self) -> bool | None:
        """Against the ORIGINAL deadline, so an extension does not flatter the figures."""
        if self.answered_at is None:
            return None
        return self.answered_at <= self.original_due_at

    @property
    def light(self) -> str | None:
        if not self.is_open:
            return None
        if self.paused_at is not None:
            return "paused"
        return clock.light(start=self.dispatched_at, due=self.due_at, now=timezone.now(), hours=self.case.office)

    def may_be_returned(self) -> bool:
        return not self.final

    def stop_clock(self):
        self.warn_at = None
        self.paused_at = None
        self.pause_reason = ""

    @transition(field=state, source=State.DISPATCHED, target=State.SIGNED, permission="cases.handle_work_order")
    def sign(self, *, by):
        self.signed_by = by
        self.signed_at = timezone.now()

    @transition(field=state, source=[State.DISPATCHED, State.SIGNED], target=State.ANSWERED,
                permission="cases.handle_work_order")
    def answer_in_writing(self, *, by, answer):
        if self.signed_at is None:
            self.signed_by, self.signed_at = by, timezone.now()
        self.answer = answer
        self.answered_by = by
        self.answered_at = timezone.now()
        self.stop_clock()

    @transition(field=state, source=[State.DISPATCHED, State.SIGNED], target=State.RETURNED,
                conditions=[may_be_returned], permission="cases.handle_work_order")
    def return_to_leader(self, *, by, reason):
        self.return_reason = reason
        self.returned_by = by
        self.returned_at = timezone.now()
        self.stop_clock()


class ExtensionRequest(models.Model):
    """An extension asked for before the deadline; the duty leader decides."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="extension_requests")
    requested_due_at = models.DateTimeField(_("new deadline asked for"))
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    approved = models.BooleanField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["work_order"], condition=models.Q(approved__isnull=True),
                                    name="one_pending_extension_per_work_order"),
        ]
