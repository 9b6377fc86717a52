"""The choices a case's fields take: how it came in, its state, its triage, its category."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WINDOW = "window", _("walk-in at the window")
    HOTLINE = "hotline", _("hotline")
    BUSINESS_LINE = "business_line", _("business line")
    WEBSITE = "website", _("website")
    # Reports forwarded by the city's 12345 service platform through the Open311 API.
    HOTLINE_12345 = "hotline_12345", _("12345 hotline platform")


class State(models.TextChoices):
    REGISTERED = "registered", _("registered")
    TIER1 = "tier1", _("tier 1: duty leader")
    TIER2 = "tier2", _("tier 2: center party committee")
    TIER3 = "tier3", _("tier 3: bureau party group")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


OPEN_STATES = (State.REGISTERED, State.TIER1, State.TIER2, State.TIER3)
HANDLING_STATES = (State.TIER1, State.TIER2, State.TIER3)

# Reports that reach the office with nobody at a window to judge them (the
# public form, the website and the 12345 platform through the API): a clerk triages each one.
WEB_CHANNELS = (Channel.WEBSITE, Channel.HOTLINE_12345)


class Triage(models.TextChoices):
    """What the clerk decided about a web report; blank for a case taken at a window."""

    PENDING = "pending", _("waiting for triage")
    ACCEPTED = "accepted", _("accepted")
    MERGED = "merged", _("merged into another case")
    SPAM = "spam", _("rejected as spam")
    ABUSE = "abuse", _("rejected as abuse")


REJECTED_TRIAGE = (Triage.SPAM, Triage.ABUSE)


class Category(models.TextChoices):
    CITIZEN = "citizen", _("cause on the citizen's side")
    STAFF = "staff", _("cause on the staff's side")
    OBJECTIVE = "objective", _("objective cause")
