"""Every write to the register goes through one of these functions.

Each runs in one transaction, checks the acting user's permission for the
transition it applies, and writes an audit row.
"""

from .errors import CaseActionError
from .handling import (
    case_approve_deficiency,
    case_classify,
    case_close,
    case_record_accountability,
    case_record_citizen_outcome,
    case_record_special_handling,
    case_record_staff_fault,
    case_reopen,
    case_resolve,
    case_reveal_personal_data,
    innovation_create,
    missing_for_resolution,
)
from .intake import case_register, case_register_and_answer

__all__ = [
    "CaseActionError",
    "case_approve_deficiency",
    "case_classify",
    "case_close",
    "case_record_accountability",
    "case_record_citizen_outcome",
    "case_record_special_handling",
    "case_record_staff_fault",
    "case_register",
    "case_register_and_answer",
    "case_reopen",
    "case_resolve",
    "case_reveal_personal_data",
    "innovation_create",
    "missing_for_resolution",
]
