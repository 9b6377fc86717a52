from django.contrib import admin

from .models import (
    Accountability,
    AuditEvent,
    Case,
    CitizenOutcome,
    InstitutionalInnovation,
    SpecialHandling,
    StaffFault,
)


class ReadOnlyInline(admin.StackedInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CitizenOutcomeInline(ReadOnlyInline):
    model = CitizenOutcome
    readonly_fields = ["approved_by", "approved_at"]


class StaffFaultInline(ReadOnlyInline):
    model = StaffFault


class SpecialHandlingInline(ReadOnlyInline):
    model = SpecialHandling
    autocomplete_fields = ["innovation"]


class AccountabilityInline(ReadOnlyInline):
    model = Accountability
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """For correcting typos in a record; state changes only happen in the app, audited."""

    list_display = ["number", "office", "registered_at", "reporter_name", "business_area", "category", "state"]
    list_filter = ["state", "category", "channel", "office"]
    list_select_related = ["office", "business_area"]
    search_fields = ["number", "reporter_name", "subject_name"]
    date_hierarchy = "registered_at"
    show_full_result_count = False  # an exact count over millions of rows on every page is waste
    readonly_fields = ["number", "office", "state", "registered_by", "registered_at", "resolved_at", "closed_by", "closed_at",
                       "reporter_phone", "reporter_id_number", "subject_id_number"]
    exclude = ["reporter_phone_hash", "reporter_id_hash", "subject_id_hash"]
    inlines = [CitizenOutcomeInline, StaffFaultInline, SpecialHandlingInline, AccountabilityInline]

    def has_add_permission(self, request):
        return False  # cases are numbered and audited by the intake service

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever lost


@admin.register(InstitutionalInnovation)
class InstitutionalInnovationAdmin(admin.ModelAdmin):
    list_display = ["title", "office", "adopted_on"]
    list_filter = ["office"]
    search_fields = ["title", "rule_text"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "office", "case", "actor", "action", "from_state", "to_state"]
    list_filter = ["action", "office"]
    list_select_related = ["office", "case", "actor"]
    search_fields = ["case__number", "action"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
