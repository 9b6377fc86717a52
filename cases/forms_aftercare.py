"""Forms of the callback, the rating and the rectification. They check shape;
`cases.services.aftercare` decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import LONG, TEXT, _text
from .models import Callback, Rating, Rectification
from .models.aftercare import REASONS


class CallbackForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome of the call"), choices=Callback.Outcome.recorded_choices(),
                                widget=forms.RadioSelect)
    note = _text(_("What the citizen said"), max_length=TEXT, rows=3, required=False,
                 help_text=_("Required when the matter is not solved: it is the reason the case is handled again."))


class RatingForm(forms.Form):
    """The five national levels, a few reasons for each, and a comment.

    The reasons of every level are offered, each labelled with its level;
    the service keeps only reasons that belong to the level chosen.
    """

    level = forms.ChoiceField(label=_("Rating"), choices=Rating.Level.choices, widget=forms.RadioSelect)
    reasons = forms.MultipleChoiceField(label=_("Reasons"), required=False, widget=forms.CheckboxSelectMultiple)
    comment = _text(_("Comment"), max_length=1000, rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Rating.Level.choices)
        self.fields["reasons"].choices = [
            (f"{level}:{code}", f"{labels[level]} · {label}") for level, reasons in REASONS.items() for code, label in reasons
        ]

    def clean(self):
        data = super().clean()
        level = data.get("level")
        chosen = data.get("reasons") or []
        other = [value for value in chosen if not value.startswith(f"{level}:")]
        if level and other:
            self.add_error("reasons", _("Choose reasons of the level you chose."))
        data["reasons"] = [value.split(":", 1)[1] for value in chosen if value.startswith(f"{level}:")]
        return data


class RectificationReopenForm(forms.Form):
    reason = _text(_("Why the case is handled again"), rows=2)


class RectificationFinishForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Rectification.Outcome.choices, widget=forms.RadioSelect)
    explanation = _text(_("What was done, or why the request has no legal basis"), max_length=LONG, rows=4,
                        help_text=_("The citizen reads this on the tracking page, in these words."))
