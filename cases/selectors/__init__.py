"""Reads that pages and exports share. Every one starts from `access`.

- `register`: the desk's list and search, an overseer's list merged over offices;
- `case_page`: one case as its page and referral slip show it;
- `queues`: the escalation engine's queues, the director's review, work orders, the inbox;
- `columns`: which columns those reads take.
"""

from .case_page import (
    CASE_PAGE_RELATED,
    CASE_RECORDS,
    SLIP_RECORDS,
    SLIP_RELATED,
    case_first_meeting,
    case_for_page,
    case_for_slip,
    case_history,
    case_meetings,
    case_records,
    case_tier_spans,
    case_work_orders,
    choices_for_case_forms,
)
from .columns import LIST_ONLY, OFFICE_CLOCK, USER_NAME, named
from .queues import (
    approvals_waiting,
    department_orders,
    department_performance,
    escalations_for_review,
    get_work_order_for_user,
    inbox,
    leader_queue,
    office_tier_queue,
    unowned_cases,
    unread_count,
)
from .register import (
    CASE_NUMBER,
    PHONE_LIKE,
    NewestAcrossOffices,
    cases_for_desk,
    cases_linked_to_innovation,
    other_cases_of_case_person,
    other_cases_of_person,
    search_condition,
)

__all__ = [
    "CASE_NUMBER", "CASE_PAGE_RELATED", "CASE_RECORDS", "LIST_ONLY", "OFFICE_CLOCK", "PHONE_LIKE", "SLIP_RECORDS",
    "SLIP_RELATED", "USER_NAME", "NewestAcrossOffices", "approvals_waiting", "case_first_meeting", "case_for_page",
    "case_for_slip", "case_history", "case_meetings", "case_records", "case_tier_spans", "case_work_orders",
    "cases_for_desk", "cases_linked_to_innovation", "choices_for_case_forms", "department_orders", "department_performance",
    "escalations_for_review", "get_work_order_for_user", "inbox", "leader_queue", "named", "office_tier_queue",
    "other_cases_of_case_person", "other_cases_of_person", "search_condition", "unowned_cases", "unread_count",
]
