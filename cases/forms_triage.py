"""Forms of the clerks' triage of web reports. They check shape; `services.triage` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import pii
from .forms import SHORT, TEXT, _text
from .models import Triage


class MergeForm(forms.Form):
    """Into which case: one of the same person's cases offered, or a number typed."""

    into = forms.ChoiceField(label=_("The same person's cases in hand"), required=False, widget=forms.RadioSelect)
    number = forms.CharField(label=_("Or another case number of this office"), max_length=SHORT, required=False,
                             help_text=_("For example a case registered under a relative's name."))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [
            (case.number, f"{case.number} · {case.business_area.name} · {case.get_state_display()} · "
                          f"{case.matter[:40]}")
            for case in candidates]
        if not candidates:
            del self.fields["into"]

    def clean(self):
        data = super().clean()
        number = pii.normalise_identifier(data.get("number", "")).upper() or data.get("into", "")
        if not number:
            raise forms.ValidationError(_("Choose the case to merge into, or type its number."))
        data["target"] = number
        return data


class RejectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Why it is rejected"), widget=forms.RadioSelect,
                             choices=[(Triage.SPAM, _("spam: advertising or nonsense, no matter to handle")),
                                      (Triage.ABUSE, _("abuse: insults or threats"))])
    reason = _text(_("Reason, in plain words (the reporter reads it)"), max_length=TEXT, rows=2)
