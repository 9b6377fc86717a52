"""Text messages to citizens: an outbox row per text, sent after the commit."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from .case import Case


class TextMessage(models.Model):
    """One text to a citizen's phone, kept until the gateway took it.

    Written in the transaction of whatever it tells (a case registered, an
    answer given), so a text exists exactly when its reason does; the worker
    sends it and, if the gateway fails, the next tick tries again.
    """

    # The kinds this app writes; others (a callback, a rating) add their own.
    RECEIPT = "receipt"
    MERGED = "web_report_merged"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="texts", verbose_name=_("case"))
    # Encrypted like the case's phone: the outbox must not be a plain list of numbers.
    phone = EncryptedCharField(_("phone"), max_length=20)
    body = models.TextField(_("text"), max_length=500)
    kind = models.CharField(_("kind"), max_length=30)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["created_at", "id"]
        indexes = [
            # The sender's query: texts not yet sent, oldest first; partial, so
            # it stays as small as the queue, never the size of the history.
            models.Index(fields=["created_at"], name="textmessage_pending",
                         condition=models.Q(sent_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.case_id} {self.kind}"
