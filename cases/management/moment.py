"""The --now option of the commands that run a periodic job by hand."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

NOW_HELP = "ISO 8601 moment; naive times are Beijing time."


def moment_from_option(now: str | None) -> datetime.datetime:
    """`now` as an aware moment (a naive one in the default time zone); the present when not given."""
    if not now:
        return timezone.now()
    try:
        moment = datetime.datetime.fromisoformat(now)
    except ValueError:
        raise CommandError(f"--now must be an ISO 8601 moment, e.g. 2026-10-12T09:00+08:00; got {now!r}") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
