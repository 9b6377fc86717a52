"""Clients of the Open311 API (the office website, the city's 12345 platform) and their keys."""

import hashlib
import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routing.models import Office

from .choices import Channel

KEY_PREFIX = "wd_"


def hash_api_key(key: str) -> str:
    """The stored form of a key. A key is 256 random bits, so a plain SHA-256
    cannot be reversed by guessing; a slow password hash would only slow every call."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiClient(models.Model):
    """One system that calls the API with its own key.

    A key reads and posts only in its offices: another office's requests are
    not found (404) and a post to it is refused (403). What it posts carries
    its channel, so a report from the 12345 platform is counted as such.
    """

    # The channels a client may post with: both are reports the citizen made elsewhere.
    CHANNELS = [(Channel.WEBSITE.value, Channel.WEBSITE.label), (Channel.HOTLINE_12345.value, Channel.HOTLINE_12345.label)]

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, so an operator can tell which key a caller holds.
    key_start = models.CharField(_("key starts with"), max_length=12, editable=False)
    offices = models.ManyToManyField(Office, related_name="api_clients", verbose_name=_("offices"),
                                     help_text=_("The offices whose requests this client may post and read."))
    channel = models.CharField(_("channel"), max_length=16, choices=CHANNELS, default=Channel.WEBSITE)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=60,
                                                      validators=[MinValueValidator(1)])
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(channel__in=[Channel.WEBSITE, Channel.HOTLINE_12345]),
                                   name="api_client_channel_valid"),
        ]

    def __str__(self):
        return self.name

    def issue_key(self) -> str:
        """Give the client a new key (the old one stops working) and return it: it is never stored."""
        key = new_api_key()
        self.key_hash = hash_api_key(key)
        self.key_start = key[:10]
        return key
