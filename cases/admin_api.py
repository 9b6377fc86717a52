"""API clients in the admin: for the deployment's operators only, since one
client (the 12345 platform) may span offices that no office administrator holds."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiClient
from .services.open311 import api_client_issue_key


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "key_start", "requests_per_minute", "active", "created_at"]
    list_filter = ["channel", "active"]
    search_fields = ["name"]
    filter_horizontal = ["offices"]
    fields = ["name", "offices", "channel", "requests_per_minute", "active", "key_start", "created_at"]
    readonly_fields = ["key_start", "created_at"]
    actions = ["issue_new_key"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change):
        key = obj.issue_key() if not change else None
        super().save_model(request, obj, form, change)
        if key:
            self._show_key_once(request, obj, key)

    @admin.action(description=_("Issue a new key (the old one stops working)"))
    def issue_new_key(self, request, queryset):
        for client in queryset:
            self._show_key_once(request, client, api_client_issue_key(client=client))

    def _show_key_once(self, request, client, key):
        messages.warning(request, _("The key of %(client)s is %(key)s — copy it now: it is stored only as a hash "
                                    "and cannot be shown again.") % {"client": client.name, "key": key})
