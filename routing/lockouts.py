"""Staff logins that resist password guessing: the page a locked-out login gets,
the client's address behind the proxy, and a log line for every failure.

django-axes counts the failures and refuses the login (see the AXES_ settings).
"""

import logging
import math

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from axes.helpers import get_cool_off
from axes.signals import user_locked_out

log = logging.getLogger("windowdesk.login")


def client_ip(request) -> str | None:
    """The address the failures are counted against.

    Behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the
    client is that many entries from the right: entries further left come from
    the client itself and would let a guesser pick a fresh address each time.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The login page's own layout with the reason, for the staff and the admin login alike."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    # Only the user name: Django has already masked the password, and the log must never hold one.
    username = credentials.get("username", "")
    log.warning("Login failed for user name %r from %s", username, client_ip(request) if request else "-")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    log.warning("Login locked out for user name %r from %s", username, ip_address)
