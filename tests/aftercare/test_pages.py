"""The callback queue and the pages after closing: who sees what, and what a page costs."""

import pytest
from django.urls import reverse

from cases.models import Callback, Rating, Rectification
from cases.services.aftercare import rating_give
from tests.conftest import make_staff
from routing import roles


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client
    return _login


def test_the_queue_lists_the_offices_open_callbacks_most_urgent_first(login, close_case, clerk, county_clerk):
    from tests.escalation.conftest import at

    later = close_case(at(18, 10), reporter_name="晚关")
    earlier = close_case(at(16, 10), reporter_name="早关")
    theirs = close_case(at(16, 9), by=county_clerk, reporter_name="县里的")
    page = login(clerk).get(reverse("cases:callbacks")).content.decode()
    assert page.index(earlier.number) < page.index(later.number)
    assert theirs.number not in page
    assert "回访" in page  # in the navigation and the title


def test_the_queue_page_costs_the_same_few_queries_for_one_row_or_twenty(login, close_case, clerk,
                                                                         django_assert_max_num_queries):
    close_case()
    client = login(clerk)
    client.get(reverse("cases:callbacks"))  # warm the calendar cache and the session
    with django_assert_max_num_queries(10) as one:
        client.get(reverse("cases:callbacks"))
    for i in range(19):
        close_case(reporter_name=f"群众{i}")
    with django_assert_max_num_queries(10) as twenty:
        response = client.get(reverse("cases:callbacks"))
    assert response.content.decode().count('data-callback="') == 20
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_a_clerk_records_a_callback_through_its_page(login, close_case, clerk):
    case = close_case()
    callback = Callback.objects.get(case=case)
    client = login(clerk)
    assert client.get(reverse("cases:callback", args=[callback.pk])).status_code == 200
    response = client.post(reverse("cases:callback", args=[callback.pk]), {"outcome": "not_solved", "note": ""})
    assert response.status_code == 400  # not solved needs what the citizen said
    response = client.post(reverse("cases:callback", args=[callback.pk]), {"outcome": "satisfied", "note": "满意"})
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.outcome == "satisfied"


def test_a_clerk_records_a_rating_given_at_the_window_on_the_case_page(login, close_case, clerk):
    case = close_case()
    client = login(clerk)
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'id="rating-form"' in page
    response = client.post(reverse("cases:rate_at_window", args=[case.number]),
                           {"level": "satisfied", "reasons": ["satisfied:polite"], "comment": "不错"})
    assert response.status_code == 302
    rating = Rating.objects.get(case=case)
    assert (rating.level, rating.reasons, rating.channel) == ("satisfied", ["polite"], "window")
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'id="rating-form"' not in page and "工作人员文明礼貌" in page


def test_the_citizen_rates_through_the_tracking_link_once(client, close_case):
    case = close_case()
    url = reverse("public:rate", args=[case.tracking_token])
    assert 'id="rate-form"' in client.get(url).content.decode()
    response = client.post(url, {"level": "very_dissatisfied", "reasons": ["very_dissatisfied:attitude"]})
    assert response.status_code == 200 and 'id="rated"' in response.content.decode()
    assert Rectification.objects.filter(case=case).exists()
    assert 'id="rate-closed"' in client.get(url).content.decode()
    assert client.post(url, {"level": "satisfied"}).status_code == 400
    assert client.get(reverse("public:rate", args=["no-such-token"])).status_code == 404


def test_the_duty_leader_rectifies_through_its_page(login, close_case, duty_leader):
    case = close_case()
    rating_give(case=case, level="dissatisfied")
    rectification = Rectification.objects.get(case=case)
    client = login(duty_leader)
    assert rectification.case.number in client.get(reverse("cases:callbacks")).content.decode()
    assert client.get(reverse("cases:rectification", args=[rectification.pk])).status_code == 200
    response = client.post(reverse("cases:rectification_finish", args=[rectification.pk]),
                           {"outcome": "explained", "explanation": "无法律依据，已解释"})
    assert response.status_code == 302
    rectification.refresh_from_db()
    assert rectification.outcome == "explained"


def test_every_new_page_is_404_to_a_clerk_or_leader_of_another_office(login, close_case, county):
    case = close_case()
    rating_give(case=case, level="dissatisfied")
    callback = Callback.objects.get(case=case, kind="after_closing")
    rectification = Rectification.objects.get(case=case)
    county_leader = make_staff("county_leader", county, roles.DUTY_LEADER)
    county_clerk = make_staff("county_clerk2", county, roles.CLERK)
    for outsider in (county_clerk, county_leader):
        client = login(outsider)
        assert case.number not in client.get(reverse("cases:callbacks")).content.decode()
        gets = [reverse("cases:callback", args=[callback.pk]), reverse("cases:rectification", args=[rectification.pk])]
        posts = [(reverse("cases:callback", args=[callback.pk]), {"outcome": "satisfied"}),
                 (reverse("cases:rectification_reopen", args=[rectification.pk]), {"reason": "x"}),
                 (reverse("cases:rectification_finish", args=[rectification.pk]),
                  {"outcome": "explained", "explanation": "x"}),
                 (reverse("cases:rate_at_window", args=[case.number]), {"level": "satisfied"})]
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url, data in posts:
            assert client.post(url, data).status_code == 404, url
    callback.refresh_from_db()
    assert callback.is_open and Rating.objects.filter(case=case).count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, close_case):
    case = close_case()
    callback = Callback.objects.get(case=case)
    for url in (reverse("cases:callbacks"), reverse("cases:callback", args=[callback.pk])):
        assert client.get(url).status_code == 302


def test_the_tracking_page_of_a_closed_case_links_to_the_rating_until_it_is_given(client, close_case):
    case = close_case()
    track = reverse("public:track", args=[case.tracking_token])
    rate = reverse("public:rate", args=[case.tracking_token])
    assert f'href="{rate}"' in client.get(track).content.decode()
    client.post(rate, {"level": "very_satisfied"})
    assert f'href="{rate}"' not in client.get(track).content.decode()


def test_the_tracking_page_follows_the_rectification_to_the_follow_up_rating(client, login, close_case, duty_leader):
    from cases.services.aftercare import rectification_finish

    case = close_case()
    track = reverse("public:track", args=[case.tracking_token])
    rate = reverse("public:rate", args=[case.tracking_token])
    thanks = client.post(rate, {"level": "dissatisfied", "reasons": ["dissatisfied:not_solved"]}).content.decode()
    assert "一个工作日内与您联系" in thanks
    page = client.get(track).content.decode()
    assert 'id="track-rectification"' in page and "再评价一次" in page
    assert "您对办理作出了评价：不满意。" in page and "因您不满意，单位重新核查您的事项。" in page
    assert f'href="{rate}"' not in page  # no follow-up rating before the rectification is done

    rectification_finish(rectification=Rectification.objects.get(case=case), by=duty_leader, outcome="explained",
                         explanation="该诉求无法律依据，已书面说明。")
    page = client.get(track).content.decode()
    assert 'id="track-rectification"' not in page
    assert "该诉求无法律依据，已书面说明。" in page and "单位已完成对您事项的重新核查。" in page
    assert f'href="{rate}"' in page
    follow_up = client.post(rate, {"level": "basically"}).content.decode()
    assert 'id="rated"' in follow_up and 'id="rated-next"' not in follow_up  # no more calls promised
    page = client.get(track).content.decode()
    assert f'href="{rate}"' not in page and "您对办理作出了评价：基本满意。" in page
