"""What a citizen sends from the public pages: attachments and information added later."""

import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from .case import Case


class _PrivateStorage(LazyObject):
    """Files outside the web root (settings.PRIVATE_MEDIA_ROOT), with no URL:
    they are served only through the case's access check."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = _PrivateStorage()


def _private_storage():
    return private_storage


def attachment_path(attachment, filename: str) -> str:
    # A random name: the citizen's file name (kept in `name`) never reaches the disk.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class CitizenAddition(models.Model):
    """Information a citizen added from the tracking page after reporting."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="additions", verbose_name=_("case"))
    text = models.TextField(_("added information"), max_length=2000, blank=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("information added by the citizen")
        verbose_name_plural = _("information added by the citizen")
        ordering = ["added_at", "id"]


class Attachment(models.Model):
    """A photo or PDF the citizen sent, stored privately; photos without location data."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case"))
    addition = models.ForeignKey(CitizenAddition, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="attachments", verbose_name=_("sent with"))
    file = models.FileField(upload_to=attachment_path, storage=_private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.name
