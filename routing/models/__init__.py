from .organisation import BusinessArea, Department, Office, User, office_code_validator

__all__ = ["BusinessArea", "Department", "Office", "User", "office_code_validator"]
from .calendar import CalendarChange, CalendarDay, CalendarYear  # noqa: E402

__all__ += ["CalendarChange", "CalendarDay", "CalendarYear"]

# Connects the calendar's receivers (cache invalidation, calendar_changed).
from routing import signals as _calendar_signals  # noqa: E402,F401
