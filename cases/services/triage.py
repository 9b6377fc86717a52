"""Triage of web reports: a clerk accepts, merges or rejects what the public form brought in.

A web report is registered at once into tier 1 with the normal clock (the
citizen must not wait for a clerk to notice it), and waits in the clerks'
queue with `triage = pending`. Each act here settles it exactly once: the
row is locked and the pending mark checked under the lock, so two clerks
clicking at the same moment get one decision and one refusal.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import OPEN_STATES, REJECTED_TRIAGE, Case, TextMessage, TierSpan, Triage, WorkOrder

from . import tiers
from .audit import audit_log
from .errors import CaseActionError
from .texts import text_citizen
from .transitions import apply_transition


def web_report_accept(*, report: Case, by) -> Case:
    """The report is a matter for the window: from now on it is handled like any case."""
    with transaction.atomic():
        report = _lock_pending(report, by)
        report.triage = Triage.ACCEPTED
        report.triaged_by = by
        report.triaged_at = timezone.now()
        report.save(update_fields=["triage", "triaged_by", "triaged_at"])
        audit_log(case=report, actor=by, action="case.web_report_accepted", from_state=report.state,
                  to_state=report.state)
    return report


def web_report_merge(*, report: Case, into: Case, by) -> Case:
    """The same person's matter is already a case here: the report is closed, pointing to it,
    and the reporter is told (tracking page and a text) which number their matter is under."""
    if into.pk == report.pk:
        raise CaseActionError(_("A web report cannot be merged into itself."), field="into")
    with transaction.atomic():
        # Both rows locked in id order, so two merges in opposite directions queue, never deadlock.
        locked = {case.pk: case for case in Case.objects.select_for_update().filter(pk__in=[report.pk, into.pk])
                  .order_by("pk")}
        report, into = _check_pending(locked[report.pk], by), locked.get(into.pk)
        if into is None or into.office_id != report.office_id:
            raise CaseActionError(_("Choose a case of this office."), field="into")
        if into.state not in OPEN_STATES or into.triage in (Triage.MERGED, *REJECTED_TRIAGE):
            raise CaseActionError(_("Case %(number)s is no longer in hand: merge only into a case still in hand.")
                                  % {"number": into.number}, field="into")
        _refuse_with_open_work_orders(report)
        with translation.override(settings.LANGUAGE_CODE):
            report.result = _("Merged into %(number)s, which handles the same person's matter.") % {
                "number": into.number}
            text = _("Your report %(report)s is handled together with case %(number)s at %(office)s. "
                     "Please quote %(number)s when you ask about it.") % {
                "report": report.number, "number": into.number, "office": report.office.name}
        _close_at_triage(report, "close_as_merged", by=by, action="case.web_report_merged",
                         data={"into": into.number}, into=into)
        audit_log(case=into, actor=by, action="case.web_report_merged_in", from_state=into.state,
                  to_state=into.state, data={"report": report.number})
        if report.reporter_phone:
            text_citizen(case=report, body=text, kind=TextMessage.MERGED)
    return report


def web_report_reject(*, report: Case, by, kind: str, reason: str) -> Case:
    """Spam or abuse: closed without handling. The reason is what the reporter reads."""
    if kind not in REJECTED_TRIAGE:
        raise CaseActionError(_("Choose spam or abuse."), field="kind")
    reason = reason.strip()
    if not reason:
        raise CaseActionError(_("Write the reason the reporter will read."), field="reason")
    with transaction.atomic():
        report = _lock_pending(report, by)
        _refuse_with_open_work_orders(report)
        report.result = reason
        report.public_answer = reason
        _close_at_triage(report, "reject", by=by, action="case.web_report_rejected", reason=reason,
                         data={"kind": kind}, kind=kind)
    return report


def _lock_pending(report: Case, by) -> Case:
    return _check_pending(Case.objects.select_for_update().get(pk=report.pk), by)


def _check_pending(report: Case, by) -> Case:
    """The locked report, if `by` may triage it and nobody has yet."""
    if by.office_id != report.office_id or not by.has_perm("cases.triage_web_report"):
        raise CaseActionError(_("You do not have the right to do this."))
    if report.triage not in ("", Triage.PENDING):
        raise CaseActionError(_("This web report was already triaged: %(outcome)s.")
                              % {"outcome": report.get_triage_display()})
    if report.triage != Triage.PENDING or not report.awaits_triage:
        raise CaseActionError(_("This case is not a web report waiting for triage."))
    return report


def _refuse_with_open_work_orders(report: Case) -> None:
    """A department already working on the report would be left with an order on a closed case."""
    if WorkOrder.objects.filter(case=report, state__in=WorkOrder.OPEN).exists():
        raise CaseActionError(_("Departments are already working on this report: accept it instead."))


def _close_at_triage(report: Case, transition: str, *, by, action: str, reason: str = "", data: dict, **kwargs):
    """Close the report through its transition, ending its tier's span and any stopped clock as a closing does."""
    at = tiers.now()
    span = tiers.open_span(report)
    tiers.end_pause(report, at=at, by=by)
    apply_transition(report, transition, by=by, action=action, reason=reason, data=data, closer=by, **kwargs)
    tiers.close_span(span, at=report.closed_at, exit=TierSpan.Exit.TRIAGED, by=by, reason=reason)
    if span:
        span.save()
