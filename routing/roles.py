"""The roles of the window, as Django group names.

The names are stable identifiers; what each role may do (its permissions) is
granted where those permissions are defined, in `cases.roles`.
"""

from django.utils.translation import gettext_lazy as _

CLERK = "window_clerk"
DUTY_LEADER = "duty_leader"
SECTION_HEAD = "section_head"
COMMITTEE = "center_committee"
PARTY_GROUP = "party_group"
DISCIPLINE = "discipline_inspector"
ADMINISTRATOR = "office_administrator"

LABELS = {
    CLERK: _("Window clerk"),
    DUTY_LEADER: _("Duty leader"),
    SECTION_HEAD: _("Section head"),
    COMMITTEE: _("Center party committee member"),
    PARTY_GROUP: _("Bureau party group member / director"),
    DISCIPLINE: _("Discipline inspector"),
    ADMINISTRATOR: _("Office administrator"),
}
ALL = tuple(LABELS)
