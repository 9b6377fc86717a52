"""The rows of the register, the queues and the review: every column, escaped, and labelled for a phone."""

import re

from django.urls import reverse
from django.utils import translation

from cases.models import Case, Channel, State

from .engine_setup import *  # noqa: F401,F403  (the engine's fixtures: a case escalated to tier 2)


def _row_of(html, number):
    match = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(number) + r".*?</tr>", html, re.S)
    assert match, f"no row for {number}"
    return match.group(0)


def test_a_register_row_links_the_case_and_shows_its_particulars(login, register, clerk):
    case = register(on_behalf=True, subject_name="李四", subject_relation="邻居", channel=Channel.HOTLINE)
    row = _row_of(login(clerk).get(reverse("cases:desk")).content.decode(), case.number)
    assert f'href="{reverse("cases:detail", args=[case.number])}"' in row
    assert "张三" in row and "→ 李四" in row
    assert "养老保险" in row
    assert "服务热线" in row                      # the channel's label, in Chinese
    assert case.get_state_display() in row
    assert "light-green" in row                 # a tier-1 clock just started


def test_a_register_row_escapes_what_the_clerk_typed(login, register, clerk):
    case = register(reporter_name="<b>王五</b>")
    row = _row_of(login(clerk).get(reverse("cases:desk")).content.decode(), case.number)
    assert "&lt;b&gt;王五&lt;/b&gt;" in row and "<b>王五" not in row


def test_the_director_sees_the_office_of_each_row(login, register, clerk, county, director):
    case = register()
    row = _row_of(login(director).get(reverse("cases:desk")).content.decode(), case.number)
    assert clerk.office.name in row


def test_a_queue_row_names_the_case_and_its_clock(login, register, duty_leader):
    case = register()
    Case.objects.filter(pk=case.pk).update(duty_leader=duty_leader)
    assert Case.objects.get(pk=case.pk).state == State.TIER1
    row = _row_of(login(duty_leader).get(reverse("cases:leader")).content.decode(), case.number)
    assert f'href="{reverse("cases:detail", args=[case.number])}"' in row
    assert "light-" in row and "张三" in row


def test_choice_labels_answer_in_the_active_language(register):
    case = register(channel=Channel.HOTLINE)
    with translation.override("zh-hans"):
        assert case.get_channel_display() == "服务热线"
    with translation.override("en"):
        assert case.get_channel_display() == "hotline"
    case.category = ""
    assert case.get_category_display() == ""


def test_row_links_follow_the_script_prefix_of_a_deployment_under_a_path(login, register, clerk):
    """Behind a proxy at /windowdesk/ the links carry that prefix, and the list
    served at the root afterwards (the same process) does not."""
    from django.test.utils import override_script_prefix

    case = register()
    client = login(clerk)
    with override_script_prefix("/windowdesk/"):
        response = client.get("/cases/")
        assert response.status_code == 200, response
        under_path = response.content.decode()
    assert f'href="/windowdesk/cases/{case.number}/"' in _row_of(under_path, case.number)
    at_root = client.get(reverse("cases:desk")).content.decode()
    assert f'href="/cases/{case.number}/"' in _row_of(at_root, case.number)


def test_a_review_card_shows_each_tier_the_case_passed(login, tier2_case, director):
    html = login(director).get(reverse("cases:review")).content.decode()
    card = re.search(r'<article class="card mb-3">(?:(?!</article>).)*' + re.escape(tier2_case.number) + r".*?</article>",
                     html, re.S).group(0)
    assert f'href="{reverse("cases:detail", args=[tier2_case.number])}"' in card
    rows = re.findall(r"<tr(?: class=\"table-danger\")?><td[ >]", card)
    assert len(rows) == 2                                  # tier 1, then tier 2 where it is now
    assert "涉及多个部门，太复杂" in card                    # why it left tier 1
    assert tier2_case.office.name in card and "张三" in card


def test_every_cell_of_a_register_row_names_its_column_for_the_stacked_phone_layout(login, register, clerk):
    """On a phone the table's rows stack (`table-stack`); each cell shows its column's
    name from `data-label`, so the labels must match the header, cell for cell."""
    case = register()
    html = login(clerk).get(reverse("cases:desk")).content.decode()
    table = re.search(r'<table class="[^"]*table-stack[^"]*">.*?</table>', html, re.S).group(0)
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    labels = re.findall(r'<td data-label="([^"]*)"', _row_of(table, case.number))
    assert labels == headers and "编号" in labels


def test_list_times_are_on_the_wall_clock_of_the_office(login, register, clerk):
    """An office in another time zone shows its own registration time, not the server's."""
    case = register()
    office = case.office
    office.timezone = "Asia/Urumqi"  # two hours behind Beijing time on the wall clock
    office.save(update_fields=["timezone"])
    from routing import clock
    expected = clock.local(case.registered_at, office).strftime("%Y-%m-%d %H:%M")
    beijing = clock.local(case.registered_at, None).strftime("%Y-%m-%d %H:%M")
    assert expected != beijing
    row = _row_of(login(clerk).get(reverse("cases:desk")).content.decode(), case.number)
    assert expected in row and beijing not in row
