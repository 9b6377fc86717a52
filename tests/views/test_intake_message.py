"""After "answer and close now" the clerk is one click from the case and from its printout."""

import pytest
from django.urls import reverse

from cases.models import Case
from tests.conftest import VALID_ID


@pytest.fixture
def quick_close(pension):
    return {"channel": "window", "reporter_name": "张三丰", "reporter_id_number": VALID_ID,
            "business_area": str(pension.pk), "matter": "办理异地就医备案", "failure_reason": "不知道需要哪些材料",
            "close_now": "on", "result": "已出具一次性告知单"}


def _message(response) -> str:
    page = response.content.decode()
    return page[page.index('<div class="alert alert-success"'):].split("</div>", 1)[0]


def test_a_guided_case_closed_at_intake_links_to_the_case_and_its_one_time_notice(login, clerk, quick_close):
    response = login(clerk).post(reverse("cases:register"), {
        **quick_close, "quick_outcome": "guided", "regular_window": "医保窗口", "materials": "身份证原件"}, follow=True)
    case = Case.objects.get()
    message = _message(response)
    assert f"事项{case.number}已登记、答复并销号。" in message
    assert f'href="{reverse("cases:detail", args=[case.number])}">查看事项</a>' in message
    assert f'href="{reverse("cases:notice", args=[case.number])}"' in message and "打印一次性告知单" in message


def test_a_case_solved_at_intake_links_to_the_case_and_its_slip(login, clerk, quick_close):
    response = login(clerk).post(reverse("cases:register"), {**quick_close, "quick_outcome": "solved"}, follow=True)
    case = Case.objects.get()
    message = _message(response)
    assert f'href="{reverse("cases:detail", args=[case.number])}">查看事项</a>' in message
    assert f'href="{reverse("cases:slip", args=[case.number])}"' in message and "打印转办单" in message

