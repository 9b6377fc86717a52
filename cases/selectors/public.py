"""What the public pages read: offices to choose from, a case by its tracking code.

The tracking page shows no personal data beyond a masked name: it reads the
case's state, its history in plain words, who has it (a department or a tier,
never a staff member's name) and the answer written for the citizen.
"""

import dataclasses
import datetime

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from routing import clock
from routing.models import Office

from ..models import Case, Rating, Rectification, State, WorkOrder

# The audit actions the citizen sees, in plain words; every other row is internal.
PUBLIC_STEPS = {
    "case.registered": _("Your matter was registered."),
    "work_order.dispatched": _("It was sent to a department: %(department)s."),
    "case.escalated": _("It was moved up to %(tier)s."),
    "case.clock_stopped": _("The office is waiting: %(reason)s"),
    "case.clock_restarted": _("Work on it continued."),
    "case.citizen_added": _("You sent more information."),
    "case.public_answer_set": _("The office wrote you an answer."),
    "case.resolved": _("It was answered."),
    "case.closed": _("It was closed."),
    "case.reopened": _("It was opened again."),
    "case.web_report_accepted": _("The office accepted it."),
    "case.web_report_merged": _("It was joined to case %(into)s, which deals with the same matter."),
    "case.web_report_rejected": _("It was not accepted."),
    # After closing: the citizen's rating and, after a bad one, the rectification.
    "case.rated": _("You rated the handling: %(level)s."),
    "case.rectification_started": _("As you were not satisfied, the office looks into your matter again."),
    "case.rehandling": _("It is being handled again."),
    "case.rectification_done": _("The office has looked into your matter again."),
}
# Why a report was not accepted, in the words the reporter reads.
REJECTION_EXPLAINED = {
    "spam": _("The office could not find a matter in it that the window can handle."),
    "abuse": _("It contained insults or threats, which the office does not handle."),
}
LEVELS = dict(Rating.Level.choices)
TIER_HOLDERS = {
    State.TIER1: _("the duty leader of the day"),
    State.TIER2: _("the center party committee"),
    State.TIER3: _("the bureau party group"),
}


def offices_for_front_door(q: str = "") -> list[tuple[Office, list[Office]]]:
    """Offices grouped under the city bureau above them, filtered by name.

    A bureau whose name does not match still heads the group of a county
    office that does, so the citizen sees where the office belongs.
    """
    offices = list(Office.objects.only("id", "code", "name", "parent_id", "path").order_by("path", "name"))
    q = q.strip()
    matching = {o.pk for o in offices if not q or q in o.name or q.upper() == o.code}
    by_id = {o.pk: o for o in offices}
    groups: dict[int, list[Office]] = {}
    for office in offices:
        top = office
        while top.parent_id and top.parent_id in by_id:
            top = by_id[top.parent_id]
        if office.pk in matching:
            members = groups.setdefault(top.pk, [])
            if office.pk != top.pk:
                members.append(office)
    return [(by_id[top], sorted(members, key=lambda o: o.name)) for top, members in groups.items()]


def office_for_public(code: str) -> Office:
    try:
        return Office.objects.get(code=code.upper())
    except Office.DoesNotExist:
        raise Http404(_("No such office.")) from None


def case_for_tracking(token: str) -> Case:
    """The case with this tracking code, or a plain 404 (nothing says whether it was close)."""
    if not token or len(token) > 64:
        raise Http404(_("No such matter."))
    try:
        return Case.objects.select_related("office", "business_area").get(tracking_token=token)
    except Case.DoesNotExist:
        raise Http404(_("No such matter.")) from None


@dataclasses.dataclass
class Step:
    at: datetime.datetime
    text: str


def tracking_history(case: Case) -> list[Step]:
    steps = []
    for event in case.events.filter(action__in=PUBLIC_STEPS).order_by("at", "id"):
        template = PUBLIC_STEPS[event.action]
        data = event.data if isinstance(event.data, dict) else {}
        values = {"department": data.get("department", ""), "tier": TIER_HOLDERS.get(event.to_state, ""),
                  "reason": event.reason, "into": data.get("into", ""),
                  "level": LEVELS.get(data.get("level"), "")}
        steps.append(Step(at=clock.local(event.at, case.office), text=str(template) % values))
    return steps


def rejection_explained(case: Case) -> str:
    """Why the report was not accepted; nothing once a duty leader reopened it after all."""
    return str(REJECTION_EXPLAINED.get(case.triage, "")) if case.is_closed else ""


def who_has_it(case: Case) -> list[str]:
    """The departments working on the case and the tier that holds it, no staff names."""
    holders = [str(name) for name in WorkOrder.objects.filter(case=case, state__in=WorkOrder.OPEN)
               .values_list("department__name", flat=True).distinct()]
    tier = TIER_HOLDERS.get(case.state)
    if tier:
        holders.append(str(tier))
    return holders


def citizen_additions(case: Case) -> list:
    return list(case.additions.prefetch_related("attachments").order_by("added_at", "id"))


def case_attachments(case: Case) -> list:
    return list(case.attachments.order_by("added_at", "id"))



def expected_answer(case: Case) -> datetime.datetime | None:
    """When the tier holding the case must have answered, on the office's clock;
    None when the case is answered, closed, or waiting (its clock stopped)."""
    if case.state not in TIER_HOLDERS or case.due_at is None or case.paused_at is not None:
        return None
    return clock.local(case.due_at, case.office)


def latest_rectification(case: Case) -> Rectification | None:
    """The rectification of the citizen's bad rating, if there is one: open, or done with its explanation."""
    return case.rectifications.order_by("-opened_at", "-id").first()
