from .aftercare import Callback, Rating, RatingInvitation, Rectification
from .api import ApiClient
from .audit import AuditEvent, AuditEventQuerySet
from .case import HANDLING_STATES, OPEN_STATES, Case, CaseNumberCounter, Category, Channel, State
from .escalation import Meeting, Notification, Pause, TierSpan
from .outcomes import Accountability, CitizenOutcome, InstitutionalInnovation, SpecialHandling, StaffFault
from .public import Attachment, CitizenAddition
from .texts import TextMessage
from .workorders import ExtensionRequest, WorkOrder

__all__ = [
    "HANDLING_STATES", "OPEN_STATES", "Accountability", "ApiClient", "Callback", "Rating", "RatingInvitation", "Rectification", "Attachment", "AuditEvent", "AuditEventQuerySet", "Case",
    "CaseNumberCounter", "Category", "Channel", "CitizenAddition", "CitizenOutcome", "ExtensionRequest", "InstitutionalInnovation",
    "Meeting", "Notification", "Pause", "SpecialHandling", "StaffFault", "State", "TextMessage", "TierSpan", "WorkOrder",
]
