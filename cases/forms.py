"""Forms of the register. They check shape; the services decide what is allowed."""

import datetime
import functools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from routing.models import BusinessArea, Department, Office

from . import pii
from .models import Category, Channel, CitizenOutcome, InstitutionalInnovation, SpecialHandling, State, WorkOrder

SHORT = 50
LINE = 100
TEXT = 2000
LONG = 4000
# Room for what is typed or pasted around an identifier (spaces between its
# groups, a zero-width character, +86): the value stored is normalised to 18 or fewer.
TYPED_IDENTIFIER = 30
LARGEST_ID = 2**63 - 1  # a row id: PostgreSQL's bigint, SQLite's INTEGER


def _too_long(label, limit: int):
    """The "too long" message of a text box, naming the box (Django's own says "this value")."""
    def message():
        # `%` left in the result would be read by the validator's own formatting.
        return str(_("%(field)s may hold at most %(limit)d characters; please shorten it.") % {
            "field": label, "limit": limit}).replace("%", "%%")
    return lazy(message, str)()


def _text(label, max_length=TEXT, rows=3, required=True, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"max_length": _too_long(label, max_length)})


class RegisterDateField(forms.DateField):
    """A date within the years a register can hold. Without bounds a date such as
    9999-12-31 passes, and the day after it (a list's "to" filter) overflows."""

    first, last = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [
            MinValueValidator(self.first, message=_("Enter a date from 2000 onwards.")),
            MaxValueValidator(self.last, message=_("Enter a date before 2101.")),
        ])
        super().__init__(*args, **kwargs)


class InboxReadForm(forms.Form):
    """Which notification to mark read; none means all of them."""

    id = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. An id past the largest the database holds is
    refused as no such row before the query: Django looks the ids up with
    `IN (...)`, which SQLite answers with OverflowError and PostgreSQL with
    "integer out of range", a server error either way."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for item in value:
                if str(item).strip().isdigit() and int(item) > LARGEST_ID:
                    raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                                params={"pk": item})
        return super().clean(value)


class OfficeChoiceField(forms.ChoiceField):
    """A choice among offices already read for this request (no query to draw it)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.offices = {}

    def set_offices(self, offices):
        self.offices = {str(office.pk): office for office in offices}
        self.choices = [("", _("all"))] + [(key, office.name) for key, office in self.offices.items()]

    def clean(self, value):
        value = super().clean(value)
        return self.offices.get(value) if value else None


class StateGuardForm(forms.Form):
    """Carries the state the page showed, so a stale form is refused, not applied."""

    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


def _helper(*layout, form_tag=False):
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class IntakeForm(forms.Form):
    """The window's one screen: register, and for a simple matter answer and close."""

    QUICK_CHOICES = [
        (CitizenOutcome.Kind.SOLVED, _("solved at the window")),
        (CitizenOutcome.Kind.GUIDED, _("guided to a regular window (one-time notice)")),
    ]

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.WINDOW)
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=SHORT, validators=[pii.validate_visible_name])
    reporter_phone = forms.CharField(label=_("Phone"), max_length=TYPED_IDENTIFIER, required=False)
    reporter_id_number = forms.CharField(label=_("ID number"), max_length=TYPED_IDENTIFIER, required=False,
                                         widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))
    on_behalf = forms.BooleanField(label=_("Reports on behalf of someone else"), required=False)
    subject_name = forms.CharField(label=_("Name of the person concerned"), max_length=SHORT, required=False,
                                   validators=[pii.validate_visible_name])
    subject_id_number = forms.CharField(label=_("ID number of the person concerned"), max_length=TYPED_IDENTIFIER, required=False,
                                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    subject_relation = forms.CharField(label=_("Relation (neighbour, parent, ...)"), max_length=30, required=False)
    business_area = forms.ModelChoiceField(label=_("Business area"), queryset=BusinessArea.objects.none())
    matter = _text(_("What the person wanted to get done"))
    failed_at = forms.CharField(label=_("Where it failed (regular window or department)"), max_length=LINE, required=False)
    failure_reason = _text(_("Why it could not get done"), rows=2)

    close_now = forms.BooleanField(label=_("Simple matter: answer and close now"), required=False)
    quick_outcome = forms.ChoiceField(label=_("Outcome"), choices=QUICK_CHOICES, required=False,
                                      initial=CitizenOutcome.Kind.SOLVED)
    regular_window = forms.CharField(label=_("Regular window to go to"), max_length=LINE, required=False)
    materials = _text(_("Materials to bring (one per line)"), max_length=LONG, required=False)
    steps = _text(_("Steps to follow (one per line)"), max_length=LONG, required=False)
    result = _text(_("Answer given / handling result"), max_length=LONG, required=False)

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_area"].queryset = BusinessArea.objects.filter(office=office, active=True)
        self.fields["reporter_name"].widget.attrs["autofocus"] = True

    @functools.cached_property
    def helper(self):
        """The layout `{% crispy %}` draws: built only when the form is shown,
        not for a registration that saves and redirects."""
        return _helper(
            Div(
                Div(Field("channel"), css_class="col-md-3"),
                Div(Field("reporter_name"), css_class="col-md-3"),
                Div(Field("reporter_phone"), css_class="col-md-3"),
                Div(Field("reporter_id_number"), css_class="col-md-3"),
                css_class="row",
            ),
            Field("on_behalf"),
            Div(
                Div(Field("subject_name"), css_class="col-md-4"),
                Div(Field("subject_id_number"), css_class="col-md-4"),
                Div(Field("subject_relation"), css_class="col-md-4"),
                css_class="row", css_id="on-behalf-fields",
            ),
            Div(
                Div(Field("business_area"), css_class="col-md-4"),
                Div(Field("failed_at"), css_class="col-md-8"),
                css_class="row",
            ),
            Field("matter"),
            Field("failure_reason"),
            Fieldset(
                _("Answer and close"),
                Field("close_now"),
                Div(
                    Div(Field("quick_outcome"), css_class="col-md-4"),
                    Div(Field("regular_window"), css_class="col-md-8"),
                    css_class="row",
                ),
                Div(
                    Div(Field("materials"), css_class="col-md-6"),
                    Div(Field("steps"), css_class="col-md-6"),
                    css_class="row",
                ),
                Field("result"),
                css_id="quick-close",
            ),
        )

    def clean_reporter_id_number(self):
        return pii.validate_optional(pii.validate_id_number, self.cleaned_data["reporter_id_number"])

    def clean_subject_id_number(self):
        return pii.validate_optional(pii.validate_id_number, self.cleaned_data["subject_id_number"])

    def clean_reporter_phone(self):
        return pii.validate_optional(pii.validate_phone, self.cleaned_data["reporter_phone"])

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") and "subject_name" in data and not data["subject_name"].strip():
            self.add_error("subject_name", _("Enter the name of the person the matter is about."))
        if data.get("close_now"):
            if not (data.get("result") or "").strip():
                self.add_error("result", _("Write down the answer given before closing."))
            if data.get("quick_outcome") == CitizenOutcome.Kind.GUIDED:
                if not (data.get("regular_window") or "").strip():
                    self.add_error("regular_window", _("Name the regular window the person is sent to."))
                if not (data.get("materials") or "").strip():
                    self.add_error("materials", _("List every material the person must bring."))
        return data


class ClassifyForm(StateGuardForm):
    category = forms.ChoiceField(label=_("Category (cause of failure)"), choices=Category.choices, widget=forms.RadioSelect)
    leader_instruction = _text(_("Duty leader's instruction"), required=False, rows=2)


class CitizenOutcomeForm(StateGuardForm):
    kind = forms.ChoiceField(label=_("Outcome"), choices=CitizenOutcome.Kind.choices)
    regular_window = forms.CharField(label=_("Regular window to go to"), max_length=LINE, required=False)
    materials = _text(_("Materials to bring (one per line)"), max_length=LONG, required=False)
    steps = _text(_("Steps to follow (one per line)"), max_length=LONG, required=False)
    missing_items = _text(_("Non-essential items still missing"), required=False, rows=2)
    deficiency_deadline = RegisterDateField(label=_("Items to be supplied by"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    legal_basis = _text(_("Legal basis"), required=False, rows=2)
    refusal_reasons = _text(_("Reasons it cannot be done"), max_length=LONG, required=False)


class StaffFaultForm(StateGuardForm):
    regular_window = forms.CharField(label=_("Regular window that failed"), max_length=LINE)
    staff_member = forms.CharField(label=_("Staff member"), max_length=SHORT, required=False)
    section_head = forms.CharField(label=_("Section head summoned"), max_length=SHORT)
    answer = _text(_("Answer given on the spot"), max_length=LONG, required=False)


class SpecialHandlingForm(StateGuardForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SpecialHandling.Kind.choices)
    procedure = _text(_("Procedure followed"), max_length=LONG)
    is_common_problem = forms.BooleanField(label=_("Common to many people"), required=False)
    innovation = forms.ModelChoiceField(label=_("Institutional innovation"), queryset=InstitutionalInnovation.objects.none(),
                                        required=False)

    def __init__(self, *args, office: Office, innovations=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["innovation"], InstitutionalInnovation.objects.filter(office=office), innovations)


class ResolveForm(StateGuardForm):
    result = _text(_("Handling result"), max_length=LONG)
    close = forms.BooleanField(label=_("Close the case now (销号)"), required=False, initial=True)


class ReasonForm(StateGuardForm):
    reason = _text(_("Reason"), rows=2)


class AccountabilityForm(forms.Form):
    staff_member = forms.CharField(label=_("Staff member"), max_length=SHORT)
    section_head = forms.CharField(label=_("Section head"), max_length=SHORT)
    leader_in_charge = forms.CharField(label=_("Leader in charge"), max_length=SHORT)
    finding = _text(_("Finding"), max_length=LONG)
    measure = _text(_("Measure taken"), max_length=LONG)
    referred_to_discipline = forms.BooleanField(label=_("Referred to discipline inspection"), required=False)


class CaseFilterForm(forms.Form):
    STATE_CHOICES = [("", _("all states")), ("open", _("open (in hand)"))] + list(State.choices)

    q = forms.CharField(label=_("Search"), required=False, max_length=SHORT,
                        widget=forms.TextInput(attrs={"placeholder": _("number, name, ID number, phone or words of the matter"), "type": "search"}))
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("all"))] + list(Category.choices), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("all"))] + list(Channel.choices), required=False)
    business_area = forms.TypedChoiceField(label=_("Business area"), coerce=int, empty_value=None, required=False)
    office = OfficeChoiceField(label=_("Office"))
    registered_from = RegisterDateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    registered_to = RegisterDateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].set_offices(offices)
        # (id, name) pairs, not instances: the list is drawn on every request,
        # and a choice outside the readable offices' areas is refused as invalid.
        areas = (BusinessArea.objects.filter(office__in=offices).order_by("office__path", "position", "name")
                 .values_list("id", "name", "office__name"))
        several = len(offices) > 1
        self.fields["business_area"].choices = [("", _("all"))] + [
            (pk, f"{office_name} · {name}" if several else name) for pk, name, office_name in areas]
        if not several:
            del self.fields["office"]

    def clean(self):
        data = super().clean()
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and start > end:
            self.add_error("registered_to", _("The end date is before the start date."))
        return data


# --- the escalation engine -------------------------------------------------------


def _offer(field, queryset, choices=None) -> None:
    """`queryset` as the field's choices (and what a sent value is checked
    against). `choices`, when given, is its (pk, label) pairs already read: the
    case page reads the office's departments and innovations once for all its
    forms (`selectors.choices_for_case_forms`), where each field would read its
    own list again to render."""
    field.queryset = queryset
    if choices is not None:
        empty = [("", field.empty_label)] if getattr(field, "empty_label", None) is not None else []
        field.choices = [*empty, *choices]


def _offer_departments(field, office: Office, departments=None) -> None:
    _offer(field, Department.objects.filter(office=office, active=True), departments)


class DispatchForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    kind = forms.ChoiceField(label=_("Kind of matter"), choices=WorkOrder.Kind.choices)
    instruction = _text(_("Instruction for the department"), rows=2)

    def __init__(self, *args, office: Office, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_departments(self.fields["department"], office, departments)
        self.fields["kind"].help_text = _("%(should)s working days to solve; %(cannot)s to answer with reasons.") % {
            "should": office.work_order_days_should_have_done, "cannot": office.work_order_days_cannot_be_done}


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                               format="%Y-%m-%dT%H:%M"),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("Place"), max_length=100, required=False, initial=_("research room"))
    departments = RowsChoiceField(label=_("Departments"), queryset=Department.objects.none(),
                                  widget=forms.CheckboxSelectMultiple)
    attendees = _text(_("Attendees"), rows=2)
    decision = _text(_("Decision"), max_length=LONG)

    def __init__(self, *args, office: Office, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_departments(self.fields["departments"], office, departments)


class DecisionForm(StateGuardForm):
    decision = _text(_("The party group's decision"), max_length=LONG)
    decided_on = RegisterDateField(label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}))
    close = forms.BooleanField(label=_("Close the case now (销号)"), required=False)


class AnswerForm(forms.Form):
    answer = _text(_("Written answer"), max_length=LONG, rows=4)


class WorkOrderReasonForm(forms.Form):
    reason = _text(_("Reason"), rows=2)


class ExtensionForm(forms.Form):
    until = RegisterDateField(label=_("New deadline (end of office hours that day)"),
                            widget=forms.DateInput(attrs={"type": "date"}))
    reason = _text(_("Reason"), rows=2)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("grant")), ("no", _("refuse"))], widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=TEXT, required=False)


class ReviewFilterForm(forms.Form):
    office = OfficeChoiceField(label=_("Office"))
    tier = forms.ChoiceField(label=_("Now at"), required=False, choices=[
        ("", _("all")), (State.TIER2, State.TIER2.label), (State.TIER3, State.TIER3.label),
        (State.RESOLVED, State.RESOLVED.label), (State.CLOSED, State.CLOSED.label)])
    light = forms.ChoiceField(label=_("Light"), required=False, choices=[
        ("", _("all")), ("green", _("on time")),
        # xgettext:no-python-format
        ("yellow", _("less than 30% left")),
        ("red", _("overdue")),
        ("paused", _("clock stopped"))])
    escalated_from = RegisterDateField(label=_("Escalated on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    escalated_to = RegisterDateField(label=_("Escalated on or before"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].set_offices(offices)


class PeriodForm(forms.Form):
    since = RegisterDateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = RegisterDateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data
