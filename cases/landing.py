"""Where each role starts: the page of its own work, after login and at `/`.

A person holding several roles starts at the first that applies, in the order
below: the roles that act on cases before those that only read them.
"""

from cases.models import Case, State
from routing import roles


def landing_page(user) -> str:
    """The URL name of the page a user's day starts on."""
    groups = set(user.groups.values_list("name", flat=True))
    if roles.CLERK in groups:
        return "cases:register"  # the walk-in at the window: intake
    if roles.DUTY_LEADER in groups:
        return "cases:leader"
    if roles.SECTION_HEAD in groups:
        return "cases:department"
    if roles.COMMITTEE in groups:
        return "cases:committee"
    if roles.PARTY_GROUP in groups:
        # The party group decides the cases that reached it; with none waiting,
        # the director's work is the review of escalations across the offices.
        waiting = Case.objects.filter(office_id=user.office_id, state=State.TIER3).exists()
        return "cases:party_group" if waiting else "cases:review"
    if roles.DISCIPLINE in groups:
        return "cases:review"
    if roles.ADMINISTRATOR in groups:
        return "routing:rota"
    return "cases:desk"
