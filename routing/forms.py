from django import forms
from django.utils.translation import gettext_lazy as _


class RotaMonthForm(forms.Form):
    """One choice of duty leader per working day of a month."""

    def __init__(self, *args, days, leaders, initial_leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        for day in days:
            self.fields[day.isoformat()] = forms.ModelChoiceField(
                label=day.strftime("%m-%d"), queryset=leaders, required=False, empty_label=_("— nobody —"),
                initial=initial_leaders.get(day),
            )

    def leaders_by_day(self):
        return {day: self.cleaned_data.get(day.isoformat()) for day in self.days}
