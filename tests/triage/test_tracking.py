"""What the reporter reads on the tracking page once a clerk merged or rejected their report."""

import pytest
from django.urls import reverse

from cases.services.triage import web_report_accept, web_report_merge, web_report_reject

pytestmark = pytest.mark.django_db


def _tracking_page(client, report) -> str:
    response = client.get(reverse("public:track", args=[report.tracking_token]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_merged_report_tells_the_reporter_the_case_number_it_is_handled_under(client, web_report, register, clerk):
    case = register()
    report = web_report()
    web_report_merge(report=report, into=case, by=clerk)
    html = _tracking_page(client, report)
    state = html.split('id="track-state">', 1)[1].split("</p>", 1)[0]
    assert f"您的反映已与办理同一事项的案件{case.number}合并办理" in state
    assert f"已并入办理同一事项的案件{case.number}。" in html  # the history
    assert "您的事项已办结" not in html
    assert 'action="' + reverse("public:add", args=[report.tracking_token]) not in html  # nothing more to add here
    assert case.tracking_token not in html  # the other case's own page is not handed out


def test_a_spam_report_says_plainly_it_was_not_accepted_and_why(client, web_report, clerk):
    report = web_report()
    web_report_reject(report=report, by=clerk, kind="spam", reason="您提交的内容是广告，没有需要办理的事项。")
    html = _tracking_page(client, report)
    state = html.split('id="track-state">', 1)[1].split("</p>", 1)[0]
    assert "您的反映未予受理。" in state and "单位未能从中找到窗口可以办理的事项。" in state
    assert "您提交的内容是广告，没有需要办理的事项。" in html  # the clerk's reason, as the office's answer
    assert "未予受理。" in html.split('id="track-history"', 1)[1]


def test_an_abusive_report_is_told_so(client, web_report, clerk):
    report = web_report()
    web_report_reject(report=report, by=clerk, kind="abuse", reason="内容含有辱骂。")
    state = _tracking_page(client, report).split('id="track-state">', 1)[1].split("</p>", 1)[0]
    assert "内容含有辱骂或威胁" in state


def test_an_accepted_report_shows_the_acceptance_in_its_history(client, web_report, clerk):
    report = web_report()
    web_report_accept(report=report, by=clerk)
    html = _tracking_page(client, report)
    assert "单位已受理。" in html.split('id="track-history"', 1)[1]
    assert "单位正在办理您的事项。" in html.split('id="track-state">', 1)[1].split("</p>", 1)[0]


def test_a_rejected_report_reopened_by_the_duty_leader_no_longer_says_it_was_not_accepted(
        client, web_report, clerk, duty_leader):
    from cases.services import case_reopen

    report = web_report()
    web_report_reject(report=report, by=clerk, kind="spam", reason="看错了")
    case_reopen(case=report, by=duty_leader, reason="其实是真实诉求")
    state = _tracking_page(client, report).split('id="track-state">', 1)[1].split("</p>", 1)[0]
    assert "未予受理" not in state and "单位正在办理您的事项。" in state
