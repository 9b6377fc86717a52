from .aftercare import Callback, Rating, RatingInvitation, Rectification
from .api import ApiClient
from .audit import AuditEvent, AuditEventQuerySet
from .case import Case, CaseNumberCounter
from .choices import HANDLING_STATES, OPEN_STATES, REJECTED_TRIAGE, WEB_CHANNELS, Category, Channel, State, Triage
from .figures import CLOSE_HOUR_EDGES, COUNTERS, DailyFigure
from .escalation import Meeting, Notification, Pause, TierSpan
from .exports import Export
from .outcomes import Accountability, CitizenOutcome, InstitutionalInnovation, SpecialHandling, StaffFault
from .public import Attachment, CitizenAddition
from .summary import DailySummary
from .texts import TextMessage
from .workorders import ExtensionRequest, WorkOrder

__all__ = [
    "HANDLING_STATES", "OPEN_STATES", "REJECTED_TRIAGE", "WEB_CHANNELS", "Accountability", "ApiClient", "Attachment", "AuditEvent",
    "AuditEventQuerySet", "CLOSE_HOUR_EDGES", "COUNTERS", "Callback", "Case", "DailyFigure", "Rating", "RatingInvitation",
    "Rectification", "CaseNumberCounter", "Category", "Channel", "CitizenAddition", "CitizenOutcome", "DailySummary",
    "Export", "ExtensionRequest", "InstitutionalInnovation",
    "Meeting", "Notification", "Pause", "SpecialHandling", "StaffFault", "State", "TextMessage", "TierSpan", "Triage", "WorkOrder",
]
