"""Forms of the root-cause pages: the innovation and what it covers, and the
filters of the figures (a bounded period of months, an office, a kind)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from routing.models import BusinessArea

from .forms import OfficeChoiceField, RegisterDateField, _text
from .models import Category
from .selectors.causes import add_months

# The figures read a period's cases office by office; two years is the most a
# director compares at once, and it keeps the grouped read bounded.
MAX_MONTHS = 24
DEFAULT_MONTHS = 12


class InnovationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    rule_text = _text(_("Text of the rule"), max_length=20000, rows=8)
    adopted_on = RegisterDateField(label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"}))
    business_area = forms.TypedChoiceField(
        label=_("Business area it addresses"), coerce=int, empty_value=None, required=False,
        help_text=_("With the category, says which cases the rule covers, here and in the offices below."))
    category = forms.ChoiceField(label=_("Category it addresses"), required=False,
                                 choices=[("", _("any category"))] + list(Category.choices))

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.pk: area for area in BusinessArea.objects.filter(office=office, active=True)}
        self.fields["business_area"].choices = [("", _("none"))] + [(pk, area.name) for pk, area in self.areas.items()]

    def clean_business_area(self):
        value = self.cleaned_data["business_area"]
        return None if value is None else self.areas[value]


class MonthField(forms.DateField):
    """A month typed as 2026-05 (the browser's month picker), kept as its first day."""

    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_python(self, value):
        month = super().to_python(value)
        if month is not None and not RegisterDateField.first <= month <= RegisterDateField.last:
            raise forms.ValidationError(_("Enter a month from 2000 to 2100."), code="invalid")
        return month


class MonthRangeForm(forms.Form):
    """From one month to another, both included, at most MAX_MONTHS; an office among those read."""

    office = OfficeChoiceField(label=_("Office"))
    since = MonthField(label=_("From month"), required=False)
    until = MonthField(label=_("To month"), required=False)

    def __init__(self, *args, offices, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].set_offices(offices)
        self.today = today.replace(day=1)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        until = data.get("until") or (self.today if not data.get("since") else
                                      min(add_months(data["since"], DEFAULT_MONTHS - 1), self.today))
        since = data.get("since") or add_months(until, -(DEFAULT_MONTHS - 1))
        if since > until:
            self.add_error("until", _("The end month is before the start month."))
        elif add_months(since, MAX_MONTHS) <= until:
            self.add_error("until", _("Choose at most %(months)d months.") % {"months": MAX_MONTHS})
        data["since"], data["until"] = since, until
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The months chosen (first day of each), or the default: the last twelve months."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["since"], self.cleaned_data["until"]
        return add_months(self.today, -(DEFAULT_MONTHS - 1)), self.today

    def chosen_office(self):
        return self.cleaned_data.get("office") if self.is_bound and self.is_valid() else None


class BeforeAfterForm(forms.Form):
    months = forms.IntegerField(label=_("Months before and after"), min_value=1, max_value=MAX_MONTHS, required=False)


class AccountabilityFilterForm(forms.Form):
    """The discipline inspection's filters; an export reads the same cleaned data."""

    KINDS = [("", _("all records")), ("referred", _("referred to discipline inspection")),
             ("not_referred", _("not referred"))]

    office = OfficeChoiceField(label=_("Office"))
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, required=False)
    since = RegisterDateField(label=_("Recorded on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = RegisterDateField(label=_("Recorded on or before"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].set_offices(offices)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """Keyword arguments for `selectors.causes.accountability_records`; none when the input was refused."""
        if not (self.is_bound and self.is_valid()):
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
