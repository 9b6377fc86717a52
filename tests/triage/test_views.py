"""The clerks' web-report pages: the queue, one report and its three decisions, by office."""

import pytest
from django.urls import reverse

from cases.models import AuditEvent, Case

pytestmark = pytest.mark.django_db


def _queue_rows(client) -> str:
    page = client.get(reverse("cases:web_reports")).content.decode()
    return page.split('id="web-reports"', 1)[1].split("</table>", 1)[0]


def _nav_entry(client) -> str:
    page = client.get(reverse("cases:desk")).content.decode()
    return page.split('id="nav-web-reports"', 1)[1].split("</a>", 1)[0]


def test_the_queue_shows_the_offices_untriaged_reports_with_their_lights(login, web_report, register, clerk):
    waiting = web_report()
    accepted = web_report(reporter_name="李四")
    client = login(clerk)
    client.post(reverse("cases:web_report_accept", args=[accepted.number]))
    window_case = register(channel="website")
    assert client.get(reverse("cases:web_reports")).status_code == 200
    page = _queue_rows(client)
    assert waiting.number in page and accepted.number not in page and window_case.number not in page
    assert "light light-green" in page and 'data-label="' in page


def test_the_navigation_counts_the_reports_waiting(login, web_report, clerk):
    web_report()
    web_report(reporter_name="李四")
    assert '<span class="badge bg-warning text-dark">2<span class="visually-hidden">' in _nav_entry(login(clerk))


def test_another_offices_clerk_sees_no_report_in_the_list_the_count_or_by_url(login, web_report, county_clerk):
    report = web_report()
    client = login(county_clerk)
    assert report.number not in _queue_rows(client)
    assert "badge" not in _nav_entry(client)
    assert client.get(reverse("cases:web_report", args=[report.number])).status_code == 404
    for name, data in (("cases:web_report_accept", {}), ("cases:web_report_merge", {"number": report.number}),
                       ("cases:web_report_reject", {"kind": "spam", "reason": "广告"})):
        assert client.post(reverse(name, args=[report.number]), data).status_code == 404
    report.refresh_from_db()
    assert report.triage == "pending" and report.state == "tier1"
    assert not AuditEvent.objects.filter(case=report, action__startswith="case.web_report").exists()


def test_staff_without_the_right_and_the_anonymous_are_kept_out(client, login, web_report, section_head, director):
    report = web_report()
    assert client.get(reverse("cases:web_reports")).status_code == 302  # to the login
    assert client.post(reverse("cases:web_report_accept", args=[report.number])).status_code == 302
    for person in (section_head, director):
        client = login(person)
        assert client.get(reverse("cases:web_reports")).status_code == 403
        assert client.get(reverse("cases:web_report", args=[report.number])).status_code == 404
        assert client.post(reverse("cases:web_report_accept", args=[report.number])).status_code == 404
    assert Case.objects.get(pk=report.pk).triage == "pending"


def test_accepting_from_the_page_opens_the_case(login, web_report, clerk):
    report = web_report()
    response = login(clerk).post(reverse("cases:web_report_accept", args=[report.number]))
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[report.number])
    assert Case.objects.get(pk=report.pk).triage == "accepted"


def test_the_merge_form_offers_the_same_persons_cases_first(login, web_report, register, clerk):
    case = register()
    report = web_report()
    page = login(clerk).get(reverse("cases:web_report", args=[report.number])).content.decode()
    assert f'value="{case.number}"' in page and 'type="radio"' in page


def test_merging_into_a_chosen_candidate_or_a_typed_number(login, web_report, register, clerk):
    case, other = register(), register(reporter_id_number="", reporter_phone="13900000000", reporter_name="王五")
    first, second = web_report(), web_report(reporter_name="张三")
    client = login(clerk)
    assert client.post(reverse("cases:web_report_merge", args=[first.number]), {"into": case.number}).status_code == 302
    assert client.post(reverse("cases:web_report_merge", args=[second.number]),
                       {"number": other.number.lower()}).status_code == 302
    assert Case.objects.get(pk=first.pk).merged_into == case
    assert Case.objects.get(pk=second.pk).merged_into == other


def test_merging_into_another_offices_case_answers_400_and_changes_nothing(
        login, web_report, register, clerk, county_clerk):
    county_case = register(by=county_clerk)
    report = web_report()
    response = login(clerk).post(reverse("cases:web_report_merge", args=[report.number]),
                                 {"number": county_case.number})
    assert response.status_code == 400
    assert response.context["merge_form"].errors["number"]
    assert Case.objects.get(pk=report.pk).triage == "pending"


def test_rejecting_without_a_reason_answers_400(login, web_report, clerk):
    report = web_report()
    response = login(clerk).post(reverse("cases:web_report_reject", args=[report.number]), {"kind": "spam"})
    assert response.status_code == 400
    assert Case.objects.get(pk=report.pk).triage == "pending"


def test_a_second_triage_from_a_stale_page_is_refused_with_400(login, web_report, clerk, other_clerk):
    report = web_report()
    login(clerk).post(reverse("cases:web_report_reject", args=[report.number]), {"kind": "spam", "reason": "广告"})
    response = login(other_clerk).post(reverse("cases:web_report_accept", args=[report.number]))
    assert response.status_code == 400
    assert Case.objects.get(pk=report.pk).triage == "spam"


def test_the_report_page_after_triage_says_what_was_decided(login, web_report, register, clerk):
    case = register()
    report = web_report()
    client = login(clerk)
    client.post(reverse("cases:web_report_merge", args=[report.number]), {"into": case.number})
    page = client.get(reverse("cases:web_report", args=[report.number])).content.decode()
    assert 'id="triage-outcome"' in page and case.number in page and "Merge</button>" not in page


def test_the_case_page_of_a_waiting_report_links_to_its_triage(login, web_report, clerk):
    report = web_report()
    page = login(clerk).get(reverse("cases:detail", args=[report.number])).content.decode()
    assert reverse("cases:web_report", args=[report.number]) in page


def test_the_department_figures_count_the_triage_outcomes(login, web_report, register, clerk, director):
    client = login(clerk)
    for name, url, data in (("甲", "cases:web_report_accept", {}),
                            ("乙", "cases:web_report_reject", {"kind": "spam", "reason": "广告"}),
                            ("丙", "cases:web_report_reject", {"kind": "abuse", "reason": "辱骂"})):
        client.post(reverse(url, args=[web_report(reporter_name=name).number]), data)
    web_report(reporter_name="丁")
    register(channel="website")
    response = login(director).get(reverse("cases:department_stats"))
    [row] = response.context["triage_rows"]
    assert (row["received"], row["pending"], row["accepted"], row["merged"], row["spam"], row["abuse"]) == (
        4, 1, 1, 0, 1, 1)
    assert 'id="triage-figures"' in response.content.decode()


def test_the_case_page_of_a_merged_report_names_its_case_within_the_same_queries(
        login, web_report, register, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = register()
    merged, pending = web_report(), web_report()
    client = login(clerk)
    client.post(reverse("cases:web_report_merge", args=[merged.number]), {"into": case.number})
    client.get(reverse("cases:detail", args=[pending.number]))  # the clock's calendar, once per process
    with CaptureQueriesContext(connection) as pending_page:
        client.get(reverse("cases:detail", args=[pending.number]))
    with CaptureQueriesContext(connection) as merged_page:
        page = client.get(reverse("cases:detail", args=[merged.number])).content.decode()
    assert case.number in page.split('id="merged-banner"', 1)[1].split("</div>", 1)[0]
    assert len(merged_page) <= len(pending_page)
