"""Every form the site draws, sent empty or wrong, answers 400 with the same page
and the error on it: a refusal is not a success to the browser, the log or a test.

The forms are found on the pages (tests/site_map.py); REFUSED says, for each URL a
form is sent to, who sends it and what is refused. A new form with no line here
fails `test_every_form_on_every_page_is_tried_here`.
"""

import pytest
from django.urls import reverse

from cases.services.dispatch import work_order_sign
from tests.site_map import ANONYMOUS, build_world, log_in, site_forms, url_names

pytestmark = pytest.mark.django_db

EVERY_FIELD_WRONG = "every field wrong"  # each field the page draws, set to a value none accepts


def _signed(world):
    work_order_sign(order=world.order, by=world.people["section_head"])


# url name: (who sends it, what, a step that makes it refusable or None). Empty
# forms are refused for a missing field; the forms with only a button are refused
# because the case or order is not in the state they act on.
REFUSED = {
    "login": (ANONYMOUS, {"username": "", "password": ""}, None),
    "cases:register": ("clerk", {}, None),
    "cases:desk": ("clerk", EVERY_FIELD_WRONG, None),  # the register's search
    "cases:export_start": ("clerk", {"state": "no such state"}, None),  # the register's filters, exported
    "cases:innovations": ("director", {}, None),
    "cases:decide_extension": ("duty_leader", {}, None),
    "cases:inbox_read": ("clerk", {"id": "not a number"}, None),
    "cases:classify": ("duty_leader", {}, None),
    "cases:citizen_outcome": ("clerk", {}, None),
    "cases:staff_fault": ("clerk", {}, None),
    "cases:special_handling": ("duty_leader", {}, None),
    "cases:approve_deficiency": ("duty_leader", {}, None),  # no outcome with deficiencies to approve
    "cases:resolve": ("clerk", {}, None),
    "cases:close": ("clerk", {}, None),  # not resolved yet
    "cases:reopen": ("clerk", {}, None),
    "cases:accountability": ("inspector", {}, None),
    "cases:reveal": ("clerk", {}, None),  # a clerk may not see the full identifiers
    "cases:dispatch": ("duty_leader", {}, None),
    "cases:meeting": ("duty_leader", {}, None),
    "cases:escalate": ("duty_leader", {}, None),
    "cases:pause": ("duty_leader", {}, None),
    "cases:resume": ("duty_leader", {}, None),  # the clock is running
    "cases:decision": ("director", {}, None),
    "cases:work_order_sign": ("section_head", {}, _signed),  # signed for already
    "cases:work_order_answer": ("section_head", {}, None),
    "cases:work_order_return": ("section_head", {}, None),
    "cases:work_order_extension": ("section_head", {}, None),
    "cases:work_order_pause": ("section_head", {}, None),
    "cases:work_order_resume": ("section_head", {}, None),  # the clock is running
    "cases:callback": ("clerk", {}, None),
    "cases:rectification_finish": ("duty_leader", {}, None),
    "public:report": (ANONYMOUS, {}, None),
    "public:add": (ANONYMOUS, {}, None),  # nothing added
    "cases:public_answer": ("duty_leader", {"public_answer": "长" * 4001}, None),  # empty clears it: too long
    "cases:rectification_reopen": ("duty_leader", {}, None),
    "routing:rota": ("administrator", EVERY_FIELD_WRONG, None),
    "routing:rota_month": ("administrator", EVERY_FIELD_WRONG, None),
}
# Forms that have nothing to refuse: leaving, and choosing a language (Django's own
# view, which keeps the current one for a code it does not know).
NOTHING_TO_REFUSE = {"logout", "set_language"}


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_form_answers_400_with_its_page_and_the_error(client, world, name):
    role, payload, prepare = REFUSED[name]
    if prepare:
        prepare(world)
    url = world.url_for(name)
    if payload == EVERY_FIELD_WRONG:
        fields = site_forms(client, world)[name]["post"][role]
        payload = {field: "no such value" for field in fields}
    log_in(client, world, role)
    response = client.post(url, payload)
    assert response.status_code == 400, f"{name} answered {response.status_code}"
    html = response.content.decode()
    assert "<main" in html, "the page again, not a bare error"
    assert "invalid-feedback" in html or "alert-danger" in html or "errorlist" in html, "the error is on the page"


def test_every_form_on_every_page_is_tried_here(client, world):
    sent_to = {name for name, forms in site_forms(client, world).items() if forms["post"]}
    assert sent_to - NOTHING_TO_REFUSE <= set(REFUSED), "a form is posted to a URL this test does not try"
    assert set(REFUSED) <= set(url_names()), "REFUSED names a URL the URLconf does not have"
