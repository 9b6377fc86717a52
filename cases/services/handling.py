"""Classifying, handling, closing and reopening a case, and what follows closing."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    Accountability,
    Case,
    Category,
    CitizenOutcome,
    InstitutionalInnovation,
    SpecialHandling,
    StaffFault,
    State,
    TierSpan,
    HANDLING_STATES,
)
from routing.models import Office

from . import aftercare, tiers
from .audit import audit_log
from .errors import CaseActionError
from .transitions import apply_transition, check_expected_state


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock so two handlers queue, not overwrite."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _require_in_hand(case: Case, by, permission: str = "cases.handle_case") -> None:
    if case.state not in HANDLING_STATES:
        raise CaseActionError(
            _("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()}
        )
    if by.office_id != case.office_id or not by.has_perm(permission):
        raise CaseActionError(_("You do not have the right to do this."))


def case_classify(*, case: Case, by, category: str, leader_instruction: str = "", expected_state: str | None = None) -> Case:
    if category not in Category.values:
        raise CaseActionError(_("Choose one of the three categories."), field="category")
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        _require_in_hand(case, by)
        before = case.category
        case.category = category
        if leader_instruction.strip():
            case.leader_instruction = leader_instruction.strip()
        case.save(update_fields=["category", "leader_instruction"])
        audit_log(case=case, actor=by, action="case.classified", from_state=case.state, to_state=case.state,
                  data={"category": category, "before": before})
    return case


def case_record_citizen_outcome(
    *, case: Case, by, kind: str, regular_window: str = "", materials: str = "", steps: str = "",
    missing_items: str = "", deficiency_deadline: datetime.date | None = None,
    legal_basis: str = "", refusal_reasons: str = "", expected_state: str | None = None,
) -> CitizenOutcome:
    """Category 1. Each outcome kind needs its own particulars (see the checks)."""
    required = {
        CitizenOutcome.Kind.GUIDED: {"regular_window": regular_window, "materials": materials},
        CitizenOutcome.Kind.DEFICIENCY: {"missing_items": missing_items},
        CitizenOutcome.Kind.REFUSAL: {"legal_basis": legal_basis, "refusal_reasons": refusal_reasons},
        CitizenOutcome.Kind.SOLVED: {},
    }
    if kind not in required:
        raise CaseActionError(_("Choose an outcome."), field="kind")
    for field, value in required[kind].items():
        if not value.strip():
            raise CaseActionError(_("This outcome needs this field."), field=field)
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        _require_in_hand(case, by)
        if case.category != Category.CITIZEN:
            case.category = Category.CITIZEN
            case.save(update_fields=["category"])
        outcome, _created = CitizenOutcome.objects.update_or_create(
            case=case,
            defaults=dict(
                kind=kind, regular_window=regular_window.strip(), materials=materials.strip(),
                steps=steps.strip(), missing_items=missing_items.strip(),
                deficiency_deadline=deficiency_deadline, legal_basis=legal_basis.strip(),
                refusal_reasons=refusal_reasons.strip(),
                # A changed outcome needs a fresh approval: an old one approved other items.
                approved_by=None, approved_at=None,
            ),
        )
        audit_log(case=case, actor=by, action="case.outcome_recorded", from_state=case.state, to_state=case.state,
                  data={"category": Category.CITIZEN, "kind": kind})
    return outcome


def case_approve_deficiency(*, case: Case, by, expected_state: str | None = None) -> CitizenOutcome:
    """容缺受理 is an exception to the rules: only the duty leader may grant it."""
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        _require_in_hand(case, by, permission="cases.approve_deficiency")
        outcome = getattr(case, "citizen_outcome", None)
        if outcome is None or outcome.kind != CitizenOutcome.Kind.DEFICIENCY:
            raise CaseActionError(_("There is no request for acceptance with deficiencies on this case."))
        if outcome.approved_at:
            raise CaseActionError(_("This was already approved by %(name)s.") % {"name": outcome.approved_by})
        outcome.approved_by = by
        outcome.approved_at = timezone.now()
        outcome.save(update_fields=["approved_by", "approved_at"])
        audit_log(case=case, actor=by, action="case.deficiency_approved", from_state=case.state, to_state=case.state,
                  data={"missing_items": outcome.missing_items})
    return outcome


def case_record_staff_fault(
    *, case: Case, by, regular_window: str, section_head: str, staff_member: str = "", answer: str = "",
    expected_state: str | None = None,
) -> StaffFault:
    """Category 2: the regular window failed; the section head is summoned to answer."""
    if not regular_window.strip():
        raise CaseActionError(_("Name the regular window that failed."), field="regular_window")
    if not section_head.strip():
        raise CaseActionError(_("Name the section head who was summoned."), field="section_head")
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        _require_in_hand(case, by)
        if case.category != Category.STAFF:
            case.category = Category.STAFF
            case.save(update_fields=["category"])
        fault, _created = StaffFault.objects.update_or_create(
            case=case,
            defaults=dict(regular_window=regular_window.strip(), section_head=section_head.strip(),
                          staff_member=staff_member.strip(), answer=answer.strip()),
        )
        audit_log(case=case, actor=by, action="case.staff_fault_recorded", from_state=case.state, to_state=case.state,
                  data={"category": Category.STAFF, "regular_window": fault.regular_window, "section_head": fault.section_head})
    return fault


def case_record_special_handling(
    *, case: Case, by, kind: str, procedure: str, is_common_problem: bool = False,
    innovation: InstitutionalInnovation | None = None, expected_state: str | None = None,
) -> SpecialHandling:
    """Category 3: historical legacy or policy bottleneck, optionally tied to a new rule."""
    if kind not in SpecialHandling.Kind.values:
        raise CaseActionError(_("Choose historical legacy or policy bottleneck."), field="kind")
    if not procedure.strip():
        raise CaseActionError(_("Describe the procedure followed."), field="procedure")
    if innovation is not None and innovation.office_id != case.office_id:
        raise CaseActionError(_("Choose an institutional innovation of this office."), field="innovation")
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        _require_in_hand(case, by)
        if case.category != Category.OBJECTIVE:
            case.category = Category.OBJECTIVE
            case.save(update_fields=["category"])
        handling, _created = SpecialHandling.objects.update_or_create(
            case=case,
            defaults=dict(kind=kind, procedure=procedure.strip(), is_common_problem=is_common_problem or innovation is not None,
                          innovation=innovation),
        )
        audit_log(case=case, actor=by, action="case.special_handling_recorded", from_state=case.state, to_state=case.state,
                  data={"category": Category.OBJECTIVE, "kind": kind, "innovation": innovation.pk if innovation else None})
    return handling


def innovation_create(*, office: Office, by, title: str, rule_text: str, adopted_on: datetime.date,
                      business_area=None, category: str = "") -> InstitutionalInnovation:
    """A new rule; `business_area` and `category` say which cases it covers (see the model)."""
    if by.office_id != office.pk or not by.has_perm("cases.manage_innovations"):
        raise CaseActionError(_("You do not have the right to do this."))
    if business_area is not None and business_area.office_id != office.pk:
        raise CaseActionError(_("Choose a business area of this office."), field="business_area")
    if category not in ("", *Category.values):
        raise CaseActionError(_("Choose a category."), field="category")
    if not title.strip():
        raise CaseActionError(_("Give the rule a title."), field="title")
    if not rule_text.strip():
        raise CaseActionError(_("Enter the text of the rule."), field="rule_text")
    with transaction.atomic():
        innovation = InstitutionalInnovation.objects.create(
            office=office, title=title.strip(), rule_text=rule_text.strip(), adopted_on=adopted_on, created_by=by,
            business_area=business_area, category=category,
        )
        audit_log(office=office, actor=by, action="innovation.created",
                  data={"innovation": innovation.pk, "title": innovation.title, "adopted_on": adopted_on.isoformat(),
                        "business_area": business_area.name if business_area else "", "category": category})
    return innovation


def missing_for_resolution(case: Case) -> list[str]:
    """What must still be recorded before the case can be called resolved."""
    missing = []
    if not case.category:
        missing.append(_("the category"))
    elif case.category == Category.CITIZEN:
        outcome = getattr(case, "citizen_outcome", None)
        if outcome is None:
            missing.append(_("the outcome for the citizen"))
        elif outcome.awaiting_approval:
            missing.append(_("the duty leader's approval of acceptance with deficiencies"))
    elif case.category == Category.STAFF and not hasattr(case, "staff_fault"):
        missing.append(_("the regular window and the section head summoned"))
    elif case.category == Category.OBJECTIVE and not hasattr(case, "special_handling"):
        missing.append(_("the special-handling record"))
    return missing


def case_resolve(*, case: Case, by, result: str, close: bool = False, expected_state: str | None = None) -> Case:
    """Record the handling result and mark the case resolved; optionally close it (销号) at once."""
    if not result.strip():
        raise CaseActionError(_("Write down the handling result."), field="result")
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        if by.office_id != case.office_id:
            raise CaseActionError(_("You do not have the right to do this."))
        missing = missing_for_resolution(case)
        if missing:
            raise CaseActionError(_("Still to record: %(items)s.") % {"items": "、".join(str(m) for m in missing)})
        case.result = result.strip()
        span = tiers.open_span(case)
        tiers.end_pause(case, at=tiers.now(), by=by)
        apply_transition(case, "resolve", by=by, action="case.resolved")
        tiers.close_span(span, at=case.resolved_at, exit=TierSpan.Exit.RESOLVED, by=by)
        if span:
            span.save()
        if close:
            apply_transition(case, "close", by=by, action="case.closed", closer=by)
            aftercare.callback_open_after_closing(case=case, at=case.closed_at)
    return case


def case_close(*, case: Case, by, expected_state: str | None = None) -> Case:
    """销号: the case is done; from now on it is read-only."""
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        if by.office_id != case.office_id:
            raise CaseActionError(_("You do not have the right to do this."))
        apply_transition(case, "close", by=by, action="case.closed", closer=by)
        aftercare.callback_open_after_closing(case=case, at=case.closed_at)
    return case


def case_reopen(*, case: Case, by, reason: str, expected_state: str | None = None) -> Case:
    """Only the duty leader reopens a closed case, and only with a reason on record."""
    if not reason.strip():
        raise CaseActionError(_("Give the reason for reopening."), field="reason")
    with transaction.atomic():
        case = _lock(case)
        check_expected_state(case, expected_state)
        if by.office_id != case.office_id:
            raise CaseActionError(_("You do not have the right to do this."))
        at = tiers.now()
        case.duty_leader = tiers.duty_leader_for(case, at)
        span = tiers.enter_tier(case, tier=State.TIER1, at=at, holder=case.duty_leader)
        apply_transition(case, "reopen", by=by, action="case.reopened", reason=reason.strip(),
                         data={"due_at": case.due_at.isoformat()})
        span.save()
    return case


def case_record_accountability(
    *, case: Case, by, staff_member: str, section_head: str, leader_in_charge: str, finding: str, measure: str,
    referred_to_discipline: bool = False,
) -> Accountability:
    """追责 after a staff-side case is closed: who failed, what was found, what was done."""
    values = {"staff_member": staff_member, "section_head": section_head, "leader_in_charge": leader_in_charge,
              "finding": finding, "measure": measure}
    for field, value in values.items():
        if not value.strip():
            raise CaseActionError(_("This field is required."), field=field)
    with transaction.atomic():
        case = _lock(case)
        if by.office_id != case.office_id or not by.has_perm("cases.record_accountability"):
            raise CaseActionError(_("You do not have the right to do this."))
        if case.category != Category.STAFF:
            raise CaseActionError(_("Accountability is recorded for staff-side cases only."))
        if case.state != State.CLOSED:
            raise CaseActionError(_("Accountability is recorded after the case is closed."))
        if hasattr(case, "accountability"):
            raise CaseActionError(_("The accountability record of this case already exists."))
        record = Accountability.objects.create(
            case=case, recorded_by=by, referred_to_discipline=referred_to_discipline,
            **{k: v.strip() for k, v in values.items()},
        )
        audit_log(case=case, actor=by, action="case.accountability_recorded", from_state=case.state, to_state=case.state,
                  data={"staff_member": record.staff_member, "referred_to_discipline": referred_to_discipline})
    return record


def case_reveal_personal_data(*, case: Case, by, reason: str = "") -> None:
    """Showing a full ID number or phone is a privileged act, so it is logged."""
    if not by.has_perm("cases.reveal_personal_data"):
        raise CaseActionError(_("You do not have the right to do this."))
    with transaction.atomic():
        audit_log(case=case, actor=by, action="case.personal_data_revealed", from_state=case.state,
                  to_state=case.state, reason=reason.strip())
