from .calendar import CalendarChange, CalendarDay, CalendarYear
from .organisation import BusinessArea, Department, Office, User, office_code_validator
from .rota import DutyAssignment

__all__ = [
    "BusinessArea", "CalendarChange", "CalendarDay", "CalendarYear", "Department", "DutyAssignment", "Office",
    "User", "office_code_validator",
]
