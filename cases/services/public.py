"""What the public pages write: a report, information added later, the answer to the citizen.

A report goes through `case_register` like a case at the window (same
number counter, checks and clock); its attachments and its receipt text are
written in the same transaction, so a refused report leaves nothing behind.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.attachments import CleanFile
from cases.models import Attachment, Case, Channel, CitizenAddition, Notification
from routing.models import Office

from . import notify
from .audit import audit_log
from .errors import CaseActionError
from .intake import case_register
from .texts import text_receipt


def case_report_online(*, office: Office, files: list[CleanFile], **registration) -> Case:
    """Register a citizen's report from the public form, store its files and text the receipt."""
    with _FilesGoWithTheTransaction() as written, transaction.atomic():
        case = case_register(office=office, channel=Channel.WEBSITE, consented_at=timezone.now(), **registration)
        _store(case, files, written)
        text_receipt(case=case)
    return case


def case_add_information(*, case: Case, text: str, files: list[CleanFile]) -> CitizenAddition:
    """The citizen adds words or papers from the tracking page.

    If the case's clock is stopped (waiting for the citizen's papers), whoever
    holds the case is told; restarting the clock stays their decision.
    """
    text = text.strip()
    if not text and not files:
        raise CaseActionError(_("Write something or choose a file to send."), field="text")
    if case.is_closed:
        raise CaseActionError(_("This matter is closed; please report a new one if something is still wrong."))
    with _FilesGoWithTheTransaction() as written, transaction.atomic():
        addition = CitizenAddition.objects.create(case=case, text=text)
        _store(case, files, written, addition=addition)
        audit_log(case=case, actor=None, action="case.citizen_added", from_state=case.state, to_state=case.state,
                  data={"files": len(files), "channel": Channel.WEBSITE})
        if case.paused_at is not None and case.state in ("tier1", "tier2", "tier3"):
            message = notify.in_default_language(lambda: _(
                "%(number)s: the citizen sent more information while the clock is stopped. "
                "Read it and decide whether to restart the clock.") % {"number": case.number})
            notify.notify(recipients=notify.tier_members(case, case.state), case=case,
                          kind=Notification.Kind.CITIZEN_ADDED, key=f"citizen_added:{addition.pk}", message=message)
    return addition


def case_set_public_answer(*, case: Case, by, answer: str) -> Case:
    """What the office tells the citizen on the tracking page (distinct from internal notes)."""
    if by.office_id != case.office_id or not by.has_perm("cases.handle_case"):
        raise CaseActionError(_("You do not have the right to do this."))
    answer = answer.strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if answer == case.public_answer:
            return case
        case.public_answer = answer
        case.save(update_fields=["public_answer"])
        audit_log(case=case, actor=by, action="case.public_answer_set", from_state=case.state, to_state=case.state)
    return case


def _store(case: Case, files: list[CleanFile], written: list[str], *, addition: CitizenAddition | None = None) -> None:
    for clean in files:
        attachment = Attachment(case=case, addition=addition, name=clean.name, content_type=clean.content_type,
                                size=clean.size)
        attachment.file.save(clean.name, clean.content, save=False)
        written.append(attachment.file.name)
        attachment.save()


class _FilesGoWithTheTransaction:
    """Files are written before their rows commit; Django has no rollback hook,
    so if the transaction fails the files written in it are deleted again:
    nothing half-saved is left on disk."""

    def __init__(self):
        self.written: list[str] = []

    def __enter__(self):
        return self.written

    def __exit__(self, kind, error, traceback):
        if kind is not None:
            from cases.models.public import private_storage

            for name in self.written:
                private_storage.delete(name)
        return False
