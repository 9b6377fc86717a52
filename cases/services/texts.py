"""Texting citizens: an outbox row in the caller's transaction, sent by the worker.

`text_citizen` only writes the row; after the commit a task sends what is
pending, and the beat schedule runs the same task every minute, so a text
whose gateway call failed (or whose task could not be queued) goes out on a
later tick. Each row is claimed under a row lock skipping locked rows, so two
workers never send the same text twice.
"""

import logging

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Case, TextMessage
from windowdesk import sms

from .errors import CaseActionError

log = logging.getLogger(__name__)

# Published by name, like the mail task: importing cases.tasks here would close a loop.
SEND_TEXTS_TASK = "cases.send_pending_texts"
# A text the gateway refused this many times is left for a person to look at
# (its last_error says why) instead of being retried for ever.
MAX_ATTEMPTS = 10


def text_citizen(*, case: Case, body: str, kind: str) -> TextMessage:
    """Queue a text to the case's reporter; sent after the caller's transaction commits."""
    if not case.reporter_phone:
        raise CaseActionError(_("This case has no phone number to send a text to."))
    text = TextMessage.objects.create(case=case, phone=case.reporter_phone, body=body, kind=kind)
    transaction.on_commit(queue_sending)
    return text


def public_link(case: Case, name: str = "public:track") -> str:
    """An absolute link to one of the case's public pages, for a text.

    Built from settings.PUBLIC_SITE_URL, never from a request: a text may be
    written by the sweep or an API call, and the link must be the site's
    public address whoever wrote it (see the README's Configuration).
    """
    return settings.PUBLIC_SITE_URL + reverse(name, args=[case.tracking_token])


def text_receipt(*, case: Case) -> TextMessage:
    """The receipt of a report from outside the window (the public form, the API): number and tracking link."""
    with translation.override(settings.LANGUAGE_CODE):
        body = _("Your matter is registered as %(number)s at %(office)s. Follow it here: %(link)s") % {
            "number": case.number, "office": case.office.name, "link": public_link(case)}
    return text_citizen(case=case, body=body, kind=TextMessage.RECEIPT)


def queue_sending() -> None:
    try:
        current_app.send_task(SEND_TEXTS_TASK)
    except Exception:  # the broker is down: the beat's next tick sends them
        log.warning("Could not queue the texts; the next tick will send them.", exc_info=True)


def send_pending_texts(*, batch: int = 100, backend: sms.BaseBackend | None = None) -> int:
    """Send the texts not yet sent; the number sent. Safe to run concurrently."""
    backend = backend or sms.get_backend()
    sent = 0
    while True:
        with transaction.atomic():
            pending = list(TextMessage.objects.select_for_update(skip_locked=True)
                           .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
                           .order_by("created_at", "id")[:batch])
            if not pending:
                return sent
            failed = False
            for text in pending:
                text.attempts += 1
                try:
                    sms.send_text(to=text.phone, body=text.body, backend=backend)
                except Exception as error:
                    # The error's type and message only: never the phone number.
                    text.last_error = f"{type(error).__name__}: {error}"[:300]
                    log.warning("Text %s failed (attempt %s); retried next tick.", text.pk, text.attempts)
                    failed = True
                else:
                    text.sent_at = timezone.now()
                    text.last_error = ""
                    sent += 1
                text.save(update_fields=["attempts", "sent_at", "last_error"])
            if failed or len(pending) < batch:
                return sent  # the gateway is failing, or that was the last of them
