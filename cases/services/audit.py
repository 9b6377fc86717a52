from cases.models import AuditEvent, Case


def audit_log(*, case: Case | None = None, office=None, actor, action: str, from_state: str = "", to_state: str = "",
              reason: str = "", data: dict | None = None) -> AuditEvent:
    """Record one transition or privileged action. `action` is a dotted code: case.closed.

    An action on no case (an office's rule adopted) names its `office` instead."""
    return AuditEvent.objects.create(
        office_id=case.office_id if case is not None else office.pk,
        case=case,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
