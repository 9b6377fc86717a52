"""The inbox: a staff member marks their own notifications read."""

from django.db import transaction
from django.utils import timezone

from cases.models import Notification


def notifications_mark_read(*, user, notification_id: int | None = None) -> Notification | None:
    """Mark one of the user's notifications read (returned, with its case), or all
    of them when no id is given. Another person's notification is never touched:
    it is looked up among the user's own, so it simply is not found."""
    with transaction.atomic():
        if notification_id is None:
            Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
            return None
        note = (Notification.objects.select_related("case")
                .filter(pk=notification_id, recipient=user).first())
        if note is not None and note.read_at is None:
            Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
        return note
