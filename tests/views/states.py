"""Cases brought into the state each page or action needs, and what the register holds.

Every action is posted with a payload that *would* succeed for the case's own
duty leader (tests/views/test_actions_own_office.py proves it), so a 404 for an
outsider means the access check refused it, not a form error.
"""

from dataclasses import dataclass

from cases.models import (
    Accountability,
    AuditEvent,
    Case,
    CaseNumberCounter,
    CitizenOutcome,
    SpecialHandling,
    StaffFault,
)
from cases.services import (
    case_record_citizen_outcome,
    case_record_staff_fault,
    case_resolve,
)


def in_hand(case, staff):
    return case


def awaiting_deficiency_approval(case, staff):
    case_record_citizen_outcome(case=case, by=staff, kind="deficiency", missing_items="户口本复印件")
    return case


def ready_to_resolve(case, staff):
    case_record_citizen_outcome(case=case, by=staff, kind="solved")
    return case


def resolved(case, staff):
    ready_to_resolve(case, staff)
    return case_resolve(case=case, by=staff, result="当场解答", close=False)


def closed(case, staff):
    ready_to_resolve(case, staff)
    return case_resolve(case=case, by=staff, result="当场解答", close=True)


def closed_staff_side(case, staff):
    case_record_staff_fault(case=case, by=staff, regular_window="养老保险窗口", staff_member="赵某", section_head="钱科长")
    return case_resolve(case=case, by=staff, result="科长到场当场办结", close=True)


def guided(case, staff):
    case_record_citizen_outcome(case=case, by=staff, kind="guided", regular_window="医保窗口",
                                materials="身份证原件\n社保卡", steps="取号\n交材料")
    return case


def refused(case, staff):
    case_record_citizen_outcome(case=case, by=staff, kind="refusal", legal_basis="《社会保险法》第十六条",
                                refusal_reasons="缴费不满十五年")
    return case


@dataclass(frozen=True)
class Action:
    name: str
    prepare: object
    payload: dict

    def __str__(self):
        return self.name


ACTIONS = [
    Action("classify", in_hand, {"category": "citizen", "expected_state": "tier1"}),
    Action("citizen_outcome", in_hand, {"kind": "solved", "expected_state": "tier1"}),
    Action("staff_fault", in_hand, {"regular_window": "养老保险窗口", "section_head": "钱科长", "expected_state": "tier1"}),
    Action("special_handling", in_hand, {"kind": "legacy", "procedure": "特事特办", "expected_state": "tier1"}),
    Action("approve_deficiency", awaiting_deficiency_approval, {"expected_state": "tier1"}),
    Action("resolve", ready_to_resolve, {"result": "当场解答", "close": "on", "expected_state": "tier1"}),
    Action("close", resolved, {"expected_state": "resolved"}),
    Action("reopen", closed, {"reason": "群众再次反映", "expected_state": "closed"}),
    Action("accountability", closed_staff_side, {
        "staff_member": "赵某", "section_head": "钱科长", "leader_in_charge": "孙局长",
        "finding": "推诿", "measure": "通报批评",
    }),
    Action("reveal", in_hand, {}),
]

# Read-only pages of one case, each with the state in which it exists.
PAGES = [
    ("detail", in_hand),
    ("slip", in_hand),
    ("notice", guided),
    ("refusal", refused),
]


def register_state(case):
    """Everything an action could change, to compare before and after a refused request."""
    case = Case.objects.get(pk=case.pk)
    return {
        "state": case.state,
        "category": case.category,
        "result": case.result,
        "closed_at": case.closed_at,
        "audit_rows": AuditEvent.objects.count(),
        "cases": Case.objects.count(),
        "counters": list(CaseNumberCounter.objects.values_list("office_id", "year", "last_sequence").order_by("pk")),
        "outcomes": list(CitizenOutcome.objects.values_list("kind", "approved_at").order_by("pk")),
        "staff_faults": StaffFault.objects.count(),
        "special_handlings": SpecialHandling.objects.count(),
        "accountabilities": Accountability.objects.count(),
    }
