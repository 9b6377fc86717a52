"""The month picker of the statistics page and the ranking."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, max_length=7,
                            widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self) -> datetime.date | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        match = MONTH.match(value)
        year, month = (int(part) for part in match.groups()) if match else (0, 0)
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(_("Enter a month as YYYY-MM, from 2000-01 to 2100-12."))
        return datetime.date(year, month, 1)

    def chosen_month(self) -> datetime.date:
        """The month asked for; this month when none (or a refused one) was given."""
        if self.is_bound and self.is_valid() and self.cleaned_data["month"]:
            return self.cleaned_data["month"]
        return timezone.localdate().replace(day=1)
