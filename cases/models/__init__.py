from .aftercare import Callback, Rating, RatingInvitation, Rectification
from .api import ApiClient
from .audit import AuditEvent, AuditEventQuerySet
from .case import (
    HANDLING_STATES,
    OPEN_STATES,
    REJECTED_TRIAGE,
    WEB_CHANNELS,
    Case,
    CaseNumberCounter,
    Category,
    Channel,
    State,
    Triage,
)
from .escalation import Meeting, Notification, Pause, TierSpan
from .outcomes import Accountability, CitizenOutcome, InstitutionalInnovation, SpecialHandling, StaffFault
from .public import Attachment, CitizenAddition
from .summary import DailySummary
from .texts import TextMessage
from .workorders import ExtensionRequest, WorkOrder

__all__ = [
    "HANDLING_STATES", "OPEN_STATES", "REJECTED_TRIAGE", "WEB_CHANNELS", "Accountability", "ApiClient", "Attachment", "AuditEvent",
    "AuditEventQuerySet", "Callback", "Case", "Rating", "RatingInvitation", "Rectification",
    "CaseNumberCounter", "Category", "Channel", "CitizenAddition", "CitizenOutcome", "DailySummary", "ExtensionRequest", "InstitutionalInnovation",
    "Meeting", "Notification", "Pause", "SpecialHandling", "StaffFault", "State", "TextMessage", "TierSpan", "Triage", "WorkOrder",
]
