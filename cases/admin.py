from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from routing.admin import OfficeScopedAdmin, ReadOnlyAdminMixin

from .models import (
    Accountability,
    AuditEvent,
    Case,
    CitizenOutcome,
    CaseNumberCounter,
    ExtensionRequest,
    InstitutionalInnovation,
    Meeting,
    Notification,
    Pause,
    SpecialHandling,
    StaffFault,
    TextMessage,
    TierSpan,
    WorkOrder,
)
from .pii import mask_phone


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


class TierSpanInline(admin.TabularInline):
    model = TierSpan
    extra = 0
    can_delete = False
    readonly_fields = ["tier", "holder", "entered_at", "due_at", "left_at", "exit", "left_by", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(OfficeScopedAdmin):
    """For correcting typos in a record; state changes and classification only happen in the app, audited."""

    list_display = ["number", "office", "registered_at", "reporter_name", "business_area", "category", "state"]
    list_filter = ["state", "category", "channel", "office"]
    list_select_related = ["office", "business_area"]
    search_fields = ["number", "reporter_name", "subject_name"]
    date_hierarchy = "registered_at"
    show_full_result_count = False  # an exact count over millions of rows on every page is waste
    readonly_fields = ["number", "office", "state", "category", "registered_by", "registered_at", "resolved_at",
                       "closed_by", "closed_at", "masked_phone", "masked_reporter_id", "masked_subject_id",
                       "personal_data_on_case_page"]
    # The plain ID numbers and phones never reach the admin: it shows them masked, like
    # every page, and revealing them stays the case page's audited, permission-checked act.
    exclude = ["reporter_phone", "reporter_id_number", "subject_id_number",
               "reporter_phone_hash", "reporter_id_hash", "subject_id_hash"]
    inlines = [CitizenOutcomeInline, StaffFaultInline, SpecialHandlingInline, AccountabilityInline, TierSpanInline]

    @admin.display(description=_("reporter's phone"))
    def masked_phone(self, case):
        return case.masked_phone

    @admin.display(description=_("reporter's ID number"))
    def masked_reporter_id(self, case):
        return case.masked_reporter_id

    @admin.display(description=_("ID number of the person concerned"))
    def masked_subject_id(self, case):
        return case.masked_subject_id

    @admin.display(description=_("Full ID numbers and phones"))
    def personal_data_on_case_page(self, case):
        return format_html('<a href="{}">{}</a>', reverse("cases:detail", args=[case.number]),
                           _("Reveal them on the case page (permission required, logged)"))

    def has_add_permission(self, request):
        return False  # cases are numbered and audited by the intake service

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever lost


@admin.register(InstitutionalInnovation)
class InstitutionalInnovationAdmin(OfficeScopedAdmin):
    list_display = ["title", "office", "adopted_on"]
    list_filter = ["office"]
    search_fields = ["title", "rule_text"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, OfficeScopedAdmin):
    list_display = ["at", "office", "case", "actor", "action", "from_state", "to_state"]
    list_filter = ["action", "office"]
    list_select_related = ["office", "case", "actor"]
    search_fields = ["case__number", "action"]
    date_hierarchy = "at"
    show_full_result_count = False


class ReadOnlyRecordAdmin(ReadOnlyAdminMixin, OfficeScopedAdmin):
    """Records written by the services; the admin only reads them, office by office."""


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyRecordAdmin):
    office_path = "case__office"
    list_display = ["case", "department", "kind", "state", "dispatched_at", "original_due_at", "due_at", "final"]
    list_filter = ["state", "kind", "final"]
    list_select_related = ["case", "department"]
    search_fields = ["case__number", "department__name"]
    date_hierarchy = "dispatched_at"
    show_full_result_count = False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyRecordAdmin):
    office_path = "work_order__case__office"
    list_display = ["work_order", "requested_due_at", "approved", "requested_by", "decided_by"]
    list_filter = ["approved"]
    list_select_related = ["work_order__case", "work_order__department", "requested_by", "decided_by"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyRecordAdmin):
    office_path = "case__office"
    list_display = ["case", "held_at", "place", "recorded_by"]
    list_select_related = ["case", "recorded_by"]
    search_fields = ["case__number", "decision"]


@admin.register(TierSpan)
class TierSpanAdmin(ReadOnlyRecordAdmin):
    office_path = "case__office"
    list_display = ["case", "tier", "holder", "entered_at", "due_at", "left_at", "exit"]
    list_filter = ["tier", "exit"]
    list_select_related = ["case", "holder"]
    search_fields = ["case__number"]
    show_full_result_count = False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyRecordAdmin):
    office_path = "case__office"
    list_display = ["created_at", "recipient", "case", "kind", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "case"]
    search_fields = ["case__number", "recipient__username"]
    show_full_result_count = False


@admin.register(Pause)
class PauseAdmin(ReadOnlyRecordAdmin):
    office_path = "case__office"
    list_display = ["case", "work_order", "reason", "started_at", "ended_at", "working_seconds"]
    list_select_related = ["case", "work_order"]
    search_fields = ["case__number", "reason"]


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(ReadOnlyRecordAdmin):
    """The last number issued per office and year; never edited by hand (numbers are never reused)."""

    list_display = ["office", "year", "last_sequence"]
    list_filter = ["year"]
    list_select_related = ["office"]


@admin.register(TextMessage)
class TextMessageAdmin(ReadOnlyRecordAdmin):
    """The outbox of texts to citizens: what was sent, when, and why one failed."""

    office_path = "case__office"
    list_display = ["created_at", "case", "kind", "masked_phone", "sent_at", "attempts", "last_error"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["case"]
    search_fields = ["case__number"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    # The phone only masked, as on the case admin; the body without the
    # tracking code, which would let its reader open the citizen's tracking page.
    exclude = ["phone", "body"]
    readonly_fields = ["case", "kind", "masked_phone", "body_without_code", "created_at", "sent_at", "attempts",
                       "last_error"]

    @admin.display(description=_("phone"))
    def masked_phone(self, text):
        return mask_phone(text.phone)

    @admin.display(description=_("text"))
    def body_without_code(self, text):
        token = text.case.tracking_token
        return text.body.replace(token, "…") if token else text.body


from . import admin_api  # noqa: E402,F401 (registers the API clients)
