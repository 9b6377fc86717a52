from .audit import AuditEvent, AuditEventQuerySet
from .case import HANDLING_STATES, OPEN_STATES, Case, CaseNumberCounter, Category, Channel, State
from .outcomes import Accountability, CitizenOutcome, InstitutionalInnovation, SpecialHandling, StaffFault

__all__ = [
    "HANDLING_STATES", "OPEN_STATES", "Accountability", "AuditEvent", "AuditEventQuerySet", "Case",
    "CaseNumberCounter", "Category", "Channel", "CitizenOutcome", "InstitutionalInnovation", "SpecialHandling",
    "StaffFault", "State",
]
