"""`|fields` draws a form exactly as crispy-bootstrap5's `|crispy` does, in Python.

crispy stays the reference: for every form the case and work-order pages draw,
fresh, with errors, and filled in, both give the same elements, attributes and
text (attribute order and white space aside).
"""

import re

import pytest
from django.template import engines

from cases import forms as f

CRISPY = '{% load crispy_forms_tags %}{{ form|crispy }}'
FIELDS = '{% load form_fields %}{{ form|fields }}'


def _render(source, form):
    return engines["django"].from_string(source).render({"form": form})


def _tags(html):
    """Each tag with its attributes sorted, and the text between tags, white space collapsed."""
    def tag(match):
        attrs = re.findall(r'([\w-]+)(?:="([^"]*)")?', match.group(2))
        return "<" + match.group(1) + "".join(sorted(f' {k}="{v}"' if v else f" {k}" for k, v in attrs)) + ">"

    html = re.sub(r"\s+", " ", html).replace("<div >", "<div>")
    html = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))
    return re.sub(r"<(\w+)((?:\s+[\w-]+(?:=\"[^\"]*\")?)*)\s*>", tag, html).strip().replace("><", ">\n<").splitlines()


FORMS = {
    "classify": lambda office: f.ClassifyForm,
    "citizen": lambda office: f.CitizenOutcomeForm,
    "staff": lambda office: f.StaffFaultForm,
    "special": lambda office: lambda *a, **k: f.SpecialHandlingForm(*a, office=office, **k),
    "resolve": lambda office: f.ResolveForm,
    "reason": lambda office: lambda *a, **k: f.ReasonForm(*a, prefix="escalate", **k),
    "accountability": lambda office: f.AccountabilityForm,
    "dispatch": lambda office: lambda *a, **k: f.DispatchForm(*a, office=office, **k),
    "meeting": lambda office: lambda *a, **k: f.MeetingForm(*a, office=office, **k),
    "decision": lambda office: f.DecisionForm,
    "answer": lambda office: f.AnswerForm,
    "work_order_reason": lambda office: f.WorkOrderReasonForm,
    "extension": lambda office: f.ExtensionForm,
    "innovation": lambda office: f.InnovationForm,
}
# Bound data: a wrong choice, text too long, a bad date, a ticked box; the prefixed form reads "escalate-".
WRONG = {"expected_state": "tier1", "category": "bogus", "kind": "bogus", "regular_window": "窗" * 300,
         "decided_on": "not a date", "until": "x", "close": "on", "held_at": "x", "departments": ["999999"],
         "is_common_problem": "on", "referred_to_discipline": "on", "result": "<b>结果</b>", "title": ""}


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("state", ["fresh", "with errors", "with a form error", "with initial values"])
def test_fields_draws_what_crispy_draws(name, state, city):
    make = FORMS[name](city)
    if state == "fresh":
        form = make()
    elif state == "with initial values":
        form = make(initial={"expected_state": "tier2", "category": "staff", "kind": "guided", "close": True,
                             "leader_instruction": 'a "quoted" <b>note</b>', "place": "研究室"})
    else:
        data = dict(WRONG)
        data.update({f"escalate-{key}": value for key, value in WRONG.items()})
        form = make(data=data)
        form.is_valid()
        if state == "with a form error":
            form.add_error(None, "该案件已被他人更新 <请刷新>")
    assert _tags(_render(FIELDS, form)) == _tags(_render(CRISPY, form))


def test_a_field_error_is_named_by_its_widget_and_sits_under_it(city):
    form = f.ResolveForm(data={"expected_state": "tier1"})
    form.is_valid()
    html = _render(FIELDS, form)
    widget = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-describedby="id_result_error"' in widget and "is-invalid" in widget
    assert html.index('id="error_1_id_result"') > html.index("<textarea")
