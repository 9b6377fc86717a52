"""Apply one state-machine transition safely: legality, permission, staleness."""

from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from cases.models import Case

from .audit import audit_log
from .errors import CaseActionError


def check_expected_state(case: Case, expected_state: str | None) -> None:
    """Refuse a form that was filled in while the case was in another state."""
    if expected_state and expected_state != case.state:
        raise CaseActionError(
            _("This case changed while you were working on it: it is now “%(state)s”. Please check it and try again.")
            % {"state": case.get_state_display()}
        )


def _not_now(case: Case) -> CaseActionError:
    return CaseActionError(
        _("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()}
    )


def apply_transition(case: Case, name: str, *, by, action: str, reason: str = "", data: dict | None = None, **kwargs) -> None:
    """Run `case.<name>()`, save, and audit it. Call inside `transaction.atomic()`.

    The permission is checked here, in the service, so no page or task can skip
    it by forgetting a template condition.
    """
    method = getattr(case, name)
    if not can_proceed(method, check_conditions=False):
        raise _not_now(case)
    if not can_proceed(method):
        raise CaseActionError(_("Record the category and the handling result first."), field="result")
    if not has_transition_perm(method, by):
        raise CaseActionError(_("You do not have the right to do this."))
    from_state = case.state
    try:
        method(**kwargs)
        case.save()
    except TransitionNotAllowed:
        raise _not_now(case)
    except ConcurrentTransition:
        raise CaseActionError(
            _("Someone else changed this case at the same moment. Reload the page to see what happened.")
        )
    audit_log(case=case, actor=by, action=action, from_state=from_state, to_state=case.state, reason=reason, data=data)
