"""One case: its page, and the actions taken on it (each a POST to one service)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.selectors import public as public_selectors
from cases.access import can_act_on
from cases.forms import (
    AccountabilityForm,
    CitizenOutcomeForm,
    ClassifyForm,
    DecisionForm,
    DispatchForm,
    MeetingForm,
    ReasonForm,
    ResolveForm,
    SpecialHandlingForm,
    StaffFaultForm,
    StateGuardForm,
)
from cases.forms_aftercare import RatingForm
from cases.forms_public import PublicAnswerForm
from cases.models import Category, State
from cases.selectors.aftercare import case_aftercare
from windowdesk.forms import REJECTED


class PageForms:
    """The forms of a case page, each built when the template first asks for it.

    A case shows three to five of its thirteen forms, depending on its state
    and the reader's rights; building the others (copying their fields, reading
    departments and innovations for their choices) would be wasted on every view.
    A form sent back with errors replaces its fresh twin.
    """

    def __init__(self, builders, bound=None):
        self._builders = builders
        self._built = dict(bound or {})

    def __getitem__(self, name):
        if name not in self._built:
            self._built[name] = self._builders[name]()  # KeyError: the template's "no such form"
        return self._built[name]


def _initial_forms(case, bound=None) -> PageForms:
    """The forms the page offers, pre-filled from what is already recorded."""
    guard = {"expected_state": case.state}
    choices = functools.cache(lambda: selectors.choices_for_case_forms(case.office))  # one read for three forms

    def citizen():
        outcome = getattr(case, "citizen_outcome", None)
        fields = ("kind", "regular_window", "materials", "steps", "missing_items", "deficiency_deadline",
                  "legal_basis", "refusal_reasons")
        return CitizenOutcomeForm(initial={**guard, **({f: getattr(outcome, f) for f in fields} if outcome else {})})

    def staff():
        fault = getattr(case, "staff_fault", None)
        fields = ("regular_window", "staff_member", "section_head", "answer")
        return StaffFaultForm(initial={**guard, **({f: getattr(fault, f) for f in fields} if fault else {})})

    def special():
        handling = getattr(case, "special_handling", None)
        return SpecialHandlingForm(office=case.office, innovations=choices()[1], initial={**guard, **({
            "kind": handling.kind, "procedure": handling.procedure, "is_common_problem": handling.is_common_problem,
            "innovation": handling.innovation_id} if handling else {})})

    def accountability():
        fault = getattr(case, "staff_fault", None)
        return AccountabilityForm(initial={"staff_member": fault.staff_member if fault else "",
                                           "section_head": fault.section_head if fault else ""})

    return PageForms({
        "classify": lambda: ClassifyForm(initial={**guard, "category": case.category,
                                                  "leader_instruction": case.leader_instruction}),
        "citizen": citizen,
        "staff": staff,
        "special": special,
        "resolve": lambda: ResolveForm(initial={**guard, "result": case.result, "close": True}),
        "reopen": lambda: ReasonForm(initial=guard),
        "accountability": accountability,
        "dispatch": lambda: DispatchForm(office=case.office, departments=choices()[0]),
        "meeting": lambda: MeetingForm(office=case.office, departments=choices()[0]),
        "escalate": lambda: ReasonForm(initial=guard, prefix="escalate"),
        "pause": lambda: ReasonForm(initial=guard, prefix="pause"),
        "decision": lambda: DecisionForm(initial={**guard, "decided_on": timezone.localdate()}),
        "public_answer": lambda: PublicAnswerForm(initial={"public_answer": case.public_answer}),
        "rating": RatingForm,
    }, bound)


def _from_the_public(case, history) -> bool:
    """Whether the citizen sent anything: a web report, or information added
    later (audited), so a window case's page reads no attachment table."""
    return case.channel == "website" or any(event.action == "case.citizen_added" for event in history)


def render_case_page(request, case, *, bound=None, revealed=False, status=200):
    user = request.user
    in_hand = case.state in (State.TIER1, State.TIER2, State.TIER3)
    can_act = can_act_on(user, case)
    forms = _initial_forms(case, bound)
    history = selectors.case_history(case)
    context = {
        "case": case,
        "records": selectors.case_records(case),
        "forms": forms,
        "history": history,
        "can_act": can_act,
        "in_hand": in_hand,
        "revealed": revealed,
        "same_person": selectors.other_cases_of_case_person(user, case) if can_act else [],
        "missing": services.missing_for_resolution(case) if in_hand else [],
        "work_orders": selectors.case_work_orders(case, history=history),
        "tier_spans": selectors.case_tier_spans(case),
        "meetings": selectors.case_meetings(case, history),
        "aftercare": case_aftercare(case, history),
        "additions": public_selectors.citizen_additions(case) if _from_the_public(case, history) else [],
        "attachments": public_selectors.case_attachments(case) if _from_the_public(case, history) else [],
        "reporter_name": case.reporter_name if revealed else case.reporter_name_for(user),
        "Category": Category,
        "State": State,
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
@require_GET
def detail(request, number):
    case = selectors.case_for_page(request.user, number)
    return render_case_page(request, case)


def _act(request, number, *, key, form, call, done):
    """Validate `form`, run the service `call(case, data)`, and come back to the page.

    On a refusal the page is shown again with the form as typed and the
    message beside its field, so nothing the user wrote is lost.
    """
    case = selectors.case_for_page(request.user, number, for_action=True)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except services.CaseActionError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                # Not about one field, and the form may be gone from the page
                # (a second "close" finds the case closed): say it at the top.
                messages.error(request, error.message)
                return render_case_page(request, case, bound={key: form}, status=REJECTED)
        else:
            messages.success(request, done)
            return redirect("cases:detail", number=number)
    messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return render_case_page(request, case, bound={key: form}, status=REJECTED)


def _guard(data):
    return {"expected_state": data.get("expected_state") or None}


@login_required
@require_POST
def classify(request, number):
    return _act(request, number, key="classify", form=ClassifyForm(request.POST),
                call=lambda case, d: services.case_classify(case=case, by=request.user, category=d["category"],
                                                            leader_instruction=d["leader_instruction"], **_guard(d)),
                done=_("Category recorded."))


@login_required
@require_POST
def citizen_outcome(request, number):
    def call(case, d):
        services.case_record_citizen_outcome(case=case, by=request.user, **{k: v for k, v in d.items() if k != "expected_state"},
                                             **_guard(d))
    return _act(request, number, key="citizen", form=CitizenOutcomeForm(request.POST), call=call,
                done=_("Outcome recorded."))


@login_required
@require_POST
def staff_fault(request, number):
    def call(case, d):
        services.case_record_staff_fault(case=case, by=request.user, **{k: v for k, v in d.items() if k != "expected_state"},
                                         **_guard(d))
    return _act(request, number, key="staff", form=StaffFaultForm(request.POST), call=call,
                done=_("Staff-side fault recorded."))


@login_required
@require_POST
def special_handling(request, number):
    case = selectors.case_for_page(request.user, number, for_action=True)

    def call(case, d):
        services.case_record_special_handling(case=case, by=request.user, **{k: v for k, v in d.items() if k != "expected_state"},
                                              **_guard(d))
    return _act(request, number, key="special", form=SpecialHandlingForm(request.POST, office=case.office), call=call,
                done=_("Special handling recorded."))


@login_required
@require_POST
def approve_deficiency(request, number):
    return _act(request, number, key="approve", form=StateGuardForm(request.POST),
                call=lambda case, d: services.case_approve_deficiency(case=case, by=request.user, **_guard(d)),
                done=_("Acceptance with deficiencies approved."))


@login_required
@require_POST
def resolve(request, number):
    return _act(request, number, key="resolve", form=ResolveForm(request.POST),
                call=lambda case, d: services.case_resolve(case=case, by=request.user, result=d["result"],
                                                           close=d["close"], **_guard(d)),
                done=_("Result recorded."))


@login_required
@require_POST
def close(request, number):
    return _act(request, number, key="close", form=StateGuardForm(request.POST),
                call=lambda case, d: services.case_close(case=case, by=request.user, **_guard(d)),
                done=_("Case closed."))


@login_required
@require_POST
def reopen(request, number):
    return _act(request, number, key="reopen", form=ReasonForm(request.POST),
                call=lambda case, d: services.case_reopen(case=case, by=request.user, reason=d["reason"], **_guard(d)),
                done=_("Case reopened."))


@login_required
@require_POST
def accountability(request, number):
    return _act(request, number, key="accountability", form=AccountabilityForm(request.POST),
                call=lambda case, d: services.case_record_accountability(case=case, by=request.user, **d),
                done=_("Accountability recorded."))


@login_required
@require_POST
def reveal(request, number):
    """Show the full identifiers once, on this response only, and log that it happened."""
    case = selectors.case_for_page(request.user, number)
    try:
        services.case_reveal_personal_data(case=case, by=request.user)
    except services.CaseActionError as error:
        messages.error(request, error.message)
        return render_case_page(request, case, status=REJECTED)
    return render_case_page(request, case, revealed=True)
