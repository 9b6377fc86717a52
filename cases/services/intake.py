"""Registering a case at the window (or from a phone line or the website)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_fsm import has_transition_perm

from cases import pii
from cases.models import WEB_CHANNELS, AuditEvent, Case, Channel, State, Triage
from routing.models import BusinessArea

from . import tiers
from .errors import CaseActionError
from .numbering import format_case_number, issue_case_number, local_year


def case_register(
    *,
    clerk=None,
    office=None,
    channel: str,
    reporter_name: str,
    business_area: BusinessArea,
    matter: str,
    failure_reason: str,
    failed_at: str = "",
    reporter_phone: str = "",
    reporter_id_number: str = "",
    on_behalf: bool = False,
    subject_name: str = "",
    subject_id_number: str = "",
    subject_relation: str = "",
    reporter_confidential: bool = False,
    consented_at=None,
) -> Case:
    """Number and register a case and put it in hand at tier 1.

    One path for every way in: a clerk at the window (`clerk`, whose office it
    is), or a citizen on the public form (`office` and no clerk: the website
    channel, a phone to answer on, and the consent to the use of their data).
    Both get the same number counter, the same identifier checks and the same
    tier-1 clock. Everything happens in one transaction: if any step fails
    there is no case, no number used up and no audit row.
    """
    if clerk is not None:
        if office is not None and office.pk != clerk.office_id:
            raise CaseActionError(_("You may register cases only in your own office."))
        office = clerk.office
        if office is None:
            raise CaseActionError(_("Your account belongs to no office, so it cannot register cases."))
        if not clerk.has_perm("cases.register_case"):
            raise CaseActionError(_("You do not have the right to do this."))
    else:
        # A report from the public: nobody took it at a window, so nothing else
        # than the form may say how to reach the citizen again.
        if office is None:
            raise CaseActionError(_("Choose the office."), field="office")
        # The office's own form, or a report another system took and forwards
        # through the API (the website, the 12345 platform): never a window's channel.
        if channel not in WEB_CHANNELS:
            raise CaseActionError(_("Choose a channel from the list."), field="channel")
        if not pii.normalise_identifier(reporter_phone):
            raise CaseActionError(_("Enter your mobile phone number, so that the office can reach you."),
                                  field="reporter_phone")
        if consented_at is None:
            raise CaseActionError(_("Please agree to the use of your personal data for this matter."),
                                  field="consent")
    if business_area.office_id != office.pk:
        raise CaseActionError(_("Choose a business area of your own office."), field="business_area")
    if channel not in Channel.values:
        raise CaseActionError(_("Choose a channel from the list."), field="channel")
    # Checked here as well as in the desk's form: every way in (the public form
    # too) must store the same spelling and so the same keyed hash.
    _check(pii.validate_visible_name, "reporter_name", reporter_name)
    if on_behalf:
        _check(pii.validate_visible_name, "subject_name", subject_name)
    reporter_phone = _check(pii.validate_phone, "reporter_phone", reporter_phone, optional=True)
    reporter_id_number = _check(pii.validate_id_number, "reporter_id_number", reporter_id_number, optional=True)
    subject_id_number = _check(pii.validate_id_number, "subject_id_number", subject_id_number, optional=True)

    with transaction.atomic():
        now = timezone.now()
        year = local_year(office, now)
        sequence = issue_case_number(office=office, year=year)
        case = Case(
            office=office,
            number=format_case_number(office.code, year, sequence),
            year=year,
            sequence=sequence,
            channel=channel,
            reporter_name=reporter_name.strip(),
            on_behalf=on_behalf,
            subject_name=subject_name.strip() if on_behalf else "",
            subject_relation=subject_relation.strip() if on_behalf else "",
            business_area=business_area,
            matter=matter.strip(),
            failed_at=failed_at.strip(),
            failure_reason=failure_reason.strip(),
            registered_by=clerk,
            registered_at=now,
            reporter_confidential=reporter_confidential,
            consented_at=consented_at,
            # Nobody at a window judged a web report: a clerk triages it (cases.services.triage).
            triage=Triage.PENDING if clerk is None else "",
        )
        case.set_personal_data(
            reporter_phone=reporter_phone,
            reporter_id_number=reporter_id_number,
            subject_id_number=subject_id_number if on_behalf else "",
        )
        case.duty_leader = tiers.duty_leader_for(case, now)
        span = tiers.enter_tier(case, tier=State.TIER1, at=now, holder=case.duty_leader)
        # Taken on at once (registered → tier 1): the transition runs before the
        # first save, so the case is written once; both steps are audited.
        if clerk is not None and not has_transition_perm(case.accept, clerk):
            raise CaseActionError(_("You do not have the right to do this."))
        case.accept()
        case.save()
        span.save()
        AuditEvent.objects.bulk_create([
            AuditEvent(office_id=office.pk, case=case, actor=clerk, at=now, action="case.registered",
                       to_state=State.REGISTERED, data={"number": case.number, "channel": channel}),
            AuditEvent(office_id=office.pk, case=case, actor=clerk, at=now, action="case.accepted",
                       from_state=State.REGISTERED, to_state=case.state,
                       data={"duty_leader": str(case.duty_leader or ""), "due_at": case.due_at.isoformat()}),
        ])
    return case


def _check(validate, field: str, value: str, *, optional: bool = False):
    """`validate(value)`'s answer, its refusal as a CaseActionError beside `field`."""
    try:
        return pii.validate_optional(validate, value) if optional else validate(value)
    except ValidationError as error:
        raise CaseActionError(error.messages[0], field=field) from None


def case_register_and_answer(
    *, clerk, outcome: str, result: str, regular_window: str = "", materials: str = "", steps: str = "", **registration,
) -> Case:
    """The simple matter (most of the window's traffic): register, answer and close at once.

    A citizen-side outcome (solved at the window, or guided to a regular window
    with a one-time notice) is recorded, the case resolved and closed (销号), all
    in one transaction with an audit row for each step.
    """
    from .handling import case_classify, case_record_citizen_outcome, case_resolve

    with transaction.atomic():
        case = case_register(clerk=clerk, **registration)
        case_classify(case=case, by=clerk, category="citizen")
        case_record_citizen_outcome(case=case, by=clerk, kind=outcome, regular_window=regular_window,
                                    materials=materials, steps=steps)
        return case_resolve(case=case, by=clerk, result=result, close=True)
