"""Excel exports: asked for on a page, built by a worker, downloaded by whoever asked."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from routing.models import Office

# A built file stays this long; then the tidy-up deletes it (it holds personal data).
KEPT_FOR = datetime.timedelta(days=7)


def export_path(export) -> str:
    # A random name in the private folder: nothing about the export is guessable from it.
    return f"exports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.xlsx"


def _expiry():
    return timezone.now() + KEPT_FOR


class Export(models.Model):
    """One spreadsheet asked for: its kind, the filters of the page it came from, its progress.

    The filters are those of the page as typed (office, state, dates: no
    personal data); a register search, which may be an ID number or a phone,
    is kept apart in `search`, encrypted like the ID number column.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exports",
                                     verbose_name=_("requested by"))
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="exports", verbose_name=_("office"))
    kind = models.CharField(_("kind of export"), max_length=32)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    search = EncryptedCharField(_("search"), max_length=100, blank=True, null=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows to write"), null=True, blank=True)
    file = models.CharField(_("file in the private folder"), max_length=200, blank=True, editable=False)
    error = models.CharField(_("why it failed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("deleted after"), default=_expiry, editable=False)

    class Meta:
        verbose_name = _("Excel export")
        verbose_name_plural = _("Excel exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=["queued", "running", "done", "failed"]),
                                   name="export_state_valid"),
        ]
        indexes = [
            # The tidy-up: exports waiting too long for a worker, files past their expiry.
            models.Index(fields=["state", "created_at"], name="export_state_age"),
            models.Index(fields=["expires_at"], name="export_expiry", condition=~models.Q(file="")),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
