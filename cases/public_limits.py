"""How much one address or one phone may send through the public pages.

Counted with django-ratelimit in the shared cache (Redis in production, so
every worker sees the same counts). An address is the client's as the
reverse proxy saw it (`routing.lockouts.client_ip`, the same rule as the
login lockout), so a forged X-Forwarded-For cannot pick a fresh one.

- Reports: every submission from an address counts, refused ones too (a robot
  retries its errors). After PUBLIC_CAPTCHA_AFTER in an hour the form asks
  for a captcha; past PUBLIC_REPORTS_PER_ADDRESS the address waits.
- A phone number: at most PUBLIC_REPORTS_PER_PHONE_PER_DAY registered reports
  in 24 hours, counted when a report is registered.
- Tracking: wrong codes from an address are counted; past
  PUBLIC_TRACKING_MISSES_PER_ADDRESS every tracking page answers 429 to it,
  right codes included, so a guesser cannot tell a hit from the refusal.
"""

import dataclasses
import logging

from django.conf import settings
from django_ratelimit import core
from redis.exceptions import RedisError

from routing.lockouts import client_ip

from . import pii


log = logging.getLogger(__name__)


def get_usage(request, **limit):
    """django-ratelimit's count, or None (no limit) while the cache is down: a
    citizen's report or a platform's post goes through unlimited for the while
    rather than failing with the cache (the register does not depend on it)."""
    try:
        return core.get_usage(request, **limit)
    except RedisError:
        log.warning("rate limit %s not counted: the cache is unreachable", limit.get("group"))
        return None


def _address(group, request):
    return client_ip(request) or "unknown"


@dataclasses.dataclass
class ReportAllowance:
    submissions: int  # from this address in the current hour, this one included
    needs_captcha: bool
    blocked: bool


def report_allowance(request, *, count_this_one: bool) -> ReportAllowance:
    """Where this address stands; a POST counts itself (`count_this_one`)."""
    usage = get_usage(request, group="public.report.address", key=_address,
                      rate=f"{settings.PUBLIC_REPORTS_PER_ADDRESS}/h", increment=count_this_one)
    if usage is None:  # RATELIMIT_ENABLE off
        return ReportAllowance(submissions=0, needs_captcha=False, blocked=False)
    before = usage["count"] - (1 if count_this_one else 0)
    return ReportAllowance(submissions=usage["count"], needs_captcha=before >= settings.PUBLIC_CAPTCHA_AFTER,
                           blocked=usage["should_limit"])


def _phone_usage(request, phone: str, *, increment: bool):
    digest = pii.phone_hash(phone)  # the number itself never becomes a cache key
    return get_usage(request, group="public.report.phone", key=lambda group, request: digest,
                     rate=f"{settings.PUBLIC_REPORTS_PER_PHONE_PER_DAY}/d", increment=increment)


def phone_has_reached_cap(request, phone: str) -> bool:
    usage = _phone_usage(request, phone, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def phone_report_registered(request, phone: str) -> None:
    _phone_usage(request, phone, increment=True)


def _tracking_misses(request, *, increment: bool):
    return get_usage(request, group="public.track.miss", key=_address,
                     rate=f"{settings.PUBLIC_TRACKING_MISSES_PER_ADDRESS}/h", increment=increment)


def tracking_blocked(request) -> bool:
    usage = _tracking_misses(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def tracking_missed(request) -> None:
    _tracking_misses(request, increment=True)
