"""Login lockouts in the admin: an office administrator sees and unlocks their own office's staff.

axes' own admin is switched off (AXES_ENABLE_ADMIN): it would show every
office's attempts, user names and addresses to every office administrator.
Attempts under a name that is no one's (guessing from one address) are the
operators' to see: only superusers see those.
"""

import logging

from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User

log = logging.getLogger("windowdesk.login")


def _own_office_usernames(request):
    return User.objects.filter(office_id=request.user.office_id).values("username")


class OwnOfficeAttemptsMixin:
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if not request.user.office_id:
            return qs.none()
        return qs.filter(username__in=_own_office_usernames(request))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessAttempt)
class LockoutAdmin(OwnOfficeAttemptsMixin, admin.ModelAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "is_locked", "attempt_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time"]
    actions = ["unlock"]

    @admin.display(boolean=True, description=_("locked out"))
    def is_locked(self, attempt):
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    def get_actions(self, request):
        # Deleting attempts one by one would unlock without the audit entry.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Unlock the selected staff members' login"), permissions=["delete"])
    def unlock(self, request, queryset):
        usernames = sorted({name for name in queryset.values_list("username", flat=True) if name})
        staff = User.objects.filter(username__in=usernames)
        if not request.user.is_superuser:
            staff = staff.filter(office_id=request.user.office_id)
        for member in staff:
            reset(username=member.username)
            self.log_change(request, member, str(_("Unlocked the login")))
            log.warning("Login of %r unlocked by %r", member.username, request.user.username)
        if request.user.is_superuser:
            queryset.delete()  # also the attempts under no one's name (one address guessing names)
        self.message_user(request, ngettext("Unlocked %(count)d login.", "Unlocked %(count)d logins.", len(staff))
                          % {"count": len(staff)}, messages.SUCCESS)


@admin.register(AccessFailureLog)
class LoginFailureAdmin(OwnOfficeAttemptsMixin, admin.ModelAdmin):
    list_display = ["username", "ip_address", "locked_out", "attempt_time"]
    list_filter = ["locked_out", "attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]

    def has_delete_permission(self, request, obj=None):
        return False
