"""Telling people they must act: an inbox row per recipient, then an e-mail.

Rows are written in the caller's transaction with a unique key per recipient
(so a retry or a second sweep never tells anyone twice). Mail is sent by a
Celery task after the commit; if the broker is down the rows wait, and the
next sweep sends them, so nothing is lost.
"""

import logging

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import Case, Notification, WorkOrder
from routing import roles

log = logging.getLogger(__name__)


def members_of(office_id: int, role: str):
    return get_user_model().objects.filter(office_id=office_id, is_active=True, groups__name=role)


def tier_members(case: Case, tier: str):
    """Who holds a case at a tier: the duty leader, the committee, or the party group."""
    if tier == "tier1":
        return [case.duty_leader] if case.duty_leader_id else list(members_of(case.office_id, roles.DUTY_LEADER))
    role = roles.COMMITTEE if tier == "tier2" else roles.PARTY_GROUP
    return list(members_of(case.office_id, role))


def tier_member_ids(office_ids, tier: str) -> dict[int, list[int]]:
    """`tier_members` of tier 2 or 3 for many offices at once, as user ids: one query for a batch of cases."""
    if tier not in ("tier2", "tier3"):
        raise ValueError("Tier 1 is held by each case's own duty leader.")
    role = roles.COMMITTEE if tier == "tier2" else roles.PARTY_GROUP
    members: dict[int, list[int]] = {office_id: [] for office_id in office_ids}
    for office_id, pk in (get_user_model().objects.filter(office_id__in=members, is_active=True, groups__name=role)
                          .values_list("office_id", "pk").distinct().order_by("pk")):
        members[office_id].append(pk)
    return members


def build(*, recipients, case: Case | None = None, kind: str, key: str, message: str,
          work_order: WorkOrder | None = None, summary=None) -> list[Notification]:
    """One notice per distinct recipient, about a case (or one of its work orders) or a daily summary."""
    seen = set()
    rows = []
    for person in recipients:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        rows.append(Notification(recipient=person, case=case, work_order=work_order, summary=summary, kind=kind,
                                key=key, message=message))
    return rows


def save(rows: list[Notification]) -> None:
    """Insert, skipping any already sent with the same key, and mail after commit."""
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(queue_mail)


def notify(**kwargs) -> None:
    save(build(**kwargs))


def in_default_language(text_factory):
    """Stored messages are written in the deployment's first language."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return str(text_factory())
    with translation.override(settings.LANGUAGE_CODE):
        return str(text_factory())


# The mail task, published by name: importing `cases.tasks` here would close
# a loop (tasks → sweep → escalation → notify → tasks).
SEND_MAIL_TASK = "cases.send_notification_mail"


def queue_mail() -> None:
    try:
        current_app.send_task(SEND_MAIL_TASK)
    except Exception:  # the broker is down: the sweep will send them later
        log.warning("Could not queue notification mail; the next sweep will send it.", exc_info=True)


def send_pending_mail(*, batch: int = 500, limit: int = 5000, created_before=None) -> int:
    """Send the e-mails of notifications not yet mailed; safe to run concurrently.

    Each notice is marked as mailed as soon as its own mail went out, so a
    mail server failing half-way leaves only the unsent ones for next time
    (nobody gets the same mail twice).
    """
    sent = 0
    done = 0
    while done < limit:
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(emailed_at__isnull=True, **({"created_at__lte": created_before} if created_before else {}))
                .select_related("recipient", "case", "summary__office")
                .order_by("created_at")[:batch]
            )
            if not pending:
                break
            mailed = []
            for note in pending:
                if note.recipient.email:
                    subject, body = _mail(note)
                    try:
                        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [note.recipient.email])
                    except Exception:
                        log.warning("Mail to %s failed; retried next tick.", note.recipient_id, exc_info=True)
                        continue
                    sent += 1
                mailed.append(note.pk)
            Notification.objects.filter(pk__in=mailed).update(emailed_at=timezone.now())
            done += len(pending)
            if len(mailed) < len(pending):
                break  # the mail server is failing: stop for this tick
            if len(pending) < batch:
                break  # that was the last of them
    return sent


def _mail(note: Notification) -> tuple[str, str]:
    """Subject and body of a notice's e-mail; a summary's carries the link to its printable page."""
    if note.summary_id is None:
        return f"[{note.case.number}] {note.get_kind_display()}", note.message
    summary = note.summary
    link = settings.PUBLIC_SITE_URL + reverse("cases:summary", args=[summary.pk])
    return f"[{summary.office.code} {summary.day.isoformat()}] {note.get_kind_display()}", f"{note.message}\n\n{link}"
