"""Forms of the public pages: a report, information added later, the answer to the citizen.

They check shape (the same identifier checks as the window's form); the
services decide what is allowed.
"""

import functools

from captcha.fields import CaptchaField, CaptchaTextInput
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from routing.models import BusinessArea, Office

from . import attachments, pii
from .forms import LINE, LONG, SHORT, TEXT, TYPED_IDENTIFIER, _text


class CaptchaInput(CaptchaTextInput):
    """The captcha's key and answer are one question with one box to type in: a
    label pointing at that box (screen readers announce it), not a legend."""

    use_fieldset = False


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to five photos or PDFs, checked from their content (cases.attachments)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        return attachments.clean_uploads(files)


FILES_HELP = _("Up to 5 photos (JPEG, PNG, WebP) or PDF files, at most 5 MB each. "
               "The location stored in photos is removed.")


class _Files(forms.Form):
    """A refused form is shown again with what was typed, but a browser never
    sends a file twice: the page says so above the file field."""

    files = MultipleFileField(label=_("Photos or documents (optional)"), help_text=FILES_HELP)


class ReportForm(_Files):
    WHERE_CHOICES = [
        ("regular_window", _("at a regular window")),
        ("department", _("at a department")),
        ("online", _("with an online service")),
    ]
    FOR_CHOICES = [("self", _("for myself")), ("other", _("on behalf of someone else"))]

    matter = _text(_("What did you want to get done?"), rows=3)
    failed_where = forms.ChoiceField(label=_("Where did it fail?"), choices=WHERE_CHOICES, widget=forms.RadioSelect)
    failed_at = forms.CharField(label=_("Which window, department or service? (optional)"), max_length=LINE,
                                required=False)
    failure_reason = _text(_("Why could it not get done? Tell us in your own words."), rows=4)
    business_area = forms.ModelChoiceField(label=_("Which area of business is it about?"),
                                           queryset=BusinessArea.objects.none(), empty_label=None,
                                           widget=forms.RadioSelect)
    reporting_for = forms.ChoiceField(label=_("Are you asking for yourself?"), choices=FOR_CHOICES,
                                      widget=forms.RadioSelect, initial="self")
    subject_relation = forms.CharField(label=_("If for someone else: how are you related to them?"), max_length=30,
                                       required=False)
    subject_name = forms.CharField(label=_("If for someone else: their name"), max_length=SHORT, required=False,
                                   validators=[pii.validate_visible_name])
    subject_id_number = forms.CharField(label=_("If for someone else: their ID number (optional)"),
                                        max_length=TYPED_IDENTIFIER, required=False,
                                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    reporter_name = forms.CharField(label=_("Your name"), max_length=SHORT, validators=[pii.validate_visible_name],
                                    widget=forms.TextInput(attrs={"autocomplete": "name"}))
    reporter_phone = forms.CharField(label=_("Your mobile phone number"), max_length=TYPED_IDENTIFIER,
                                     help_text=_("We send the tracking link to this number and call you back on it."),
                                     widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    reporter_id_number = forms.CharField(label=_("Your ID number (optional)"), max_length=TYPED_IDENTIFIER,
                                         required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    reporter_confidential = forms.BooleanField(
        label=_("Keep my identity confidential"), required=False,
        help_text=_("Only the few staff allowed to see personal data will see your name."))
    consent = forms.BooleanField(
        label=_("I agree that the office uses my name, phone and ID number only to handle this matter "
                "(Personal Information Protection Law)."),
        error_messages={"required": _("Please agree to the use of your personal data for this matter.")})
    # A honeypot: hidden from people by the stylesheet, filled in by robots.
    website = forms.CharField(label=_("Leave this box empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    field_order = ["matter", "failed_where", "failed_at", "failure_reason", "business_area", "reporting_for",
                   "subject_relation", "subject_name", "subject_id_number", "reporter_name", "reporter_phone",
                   "reporter_id_number", "files", "reporter_confidential", "consent", "website"]

    def __init__(self, *args, office: Office, captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_area"].queryset = BusinessArea.objects.filter(office=office, active=True)
        if captcha:  # after a few reports from one address (cases.public_limits)
            self.fields["captcha"] = CaptchaField(
                label=_("Please type the sum of the two numbers in the picture"),
                help_text=_("Many reports came from your network in the last hour; this shows a person is sending."),
                widget=CaptchaInput(attrs={"inputmode": "numeric"}),
                error_messages={"invalid": _("The sum is not right. Here is a new picture: please try again."),
                                "required": _("Please type the sum of the two numbers in the picture.")})

    @functools.cached_property
    def helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            *(Div(Field(name), css_class="question") for name in (
                "matter", "failed_where", "failed_at", "failure_reason", "business_area")),
            Fieldset(_("For whom"), Field("reporting_for"), Field("subject_relation"), Field("subject_name"),
                     Field("subject_id_number"), css_class="question"),
            *(Div(Field(name), css_class="question") for name in (
                "reporter_name", "reporter_phone", "reporter_id_number", "files", "reporter_confidential",
                "consent")),
            *([Div(Field("captcha"), css_class="question")] if "captcha" in self.fields else []),
            Div(Field("website"), css_class="trap", aria_hidden="true"),
        )
        return helper

    def clean_reporter_phone(self):
        return _checked(pii.validate_phone, self.cleaned_data["reporter_phone"])

    def clean_reporter_id_number(self):
        return _checked(pii.validate_optional, pii.validate_id_number, self.cleaned_data["reporter_id_number"])

    def clean_subject_id_number(self):
        return _checked(pii.validate_optional, pii.validate_id_number, self.cleaned_data["subject_id_number"])

    def clean(self):
        data = super().clean()
        if data.get("reporting_for") == "other" and not (data.get("subject_name") or "").strip():
            self.add_error("subject_name", _("Enter the name of the person the matter is about."))
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def registration(self) -> dict:
        """The keyword arguments of `case_report_online`."""
        d = self.cleaned_data
        on_behalf = d["reporting_for"] == "other"
        where = dict(self.WHERE_CHOICES)[d["failed_where"]]
        failed_at = f"{where}: {d['failed_at'].strip()}" if d["failed_at"].strip() else str(where)
        return dict(
            reporter_name=d["reporter_name"], reporter_phone=d["reporter_phone"],
            reporter_id_number=d["reporter_id_number"], on_behalf=on_behalf,
            subject_name=d["subject_name"] if on_behalf else "",
            subject_id_number=d["subject_id_number"] if on_behalf else "",
            subject_relation=d["subject_relation"] if on_behalf else "",
            business_area=d["business_area"], matter=d["matter"], failed_at=failed_at[:LINE],
            failure_reason=d["failure_reason"], reporter_confidential=d["reporter_confidential"],
        )


def _checked(validate, *args):
    try:
        return validate(*args)
    except ValidationError as error:
        raise forms.ValidationError(error.messages[0]) from None


class AddInformationForm(_Files):
    text = _text(_("What would you like to add?"), rows=4, required=False)

    field_order = ["text", "files"]

    @functools.cached_property
    def helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(Div(Field("text"), css_class="question"), Div(Field("files"), css_class="question"))
        return helper


class PublicAnswerForm(forms.Form):
    public_answer = _text(_("Answer to the citizen (shown on the tracking page)"), max_length=LONG, rows=3,
                          required=False)


class OfficeSearchForm(forms.Form):
    q = forms.CharField(label=_("Find your office by name"), max_length=50, required=False)


__all__ = ["TEXT", "AddInformationForm", "OfficeSearchForm", "PublicAnswerForm", "ReportForm"]
