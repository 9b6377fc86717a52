"""The register's search finds words in a case's texts and a part of its number,
within what the user may read, newest first (on SQLite by LIKE, on PostgreSQL
through the character-pair index)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case

DESK_QUERY_BOUND = 10

pytestmark = pytest.mark.django_db


def _found(client, q):
    response = client.post(reverse("cases:desk"), {"q": q}, follow=True)
    assert response.status_code == 200
    return [case.number for case in response.context["page"]]


def _set(case, *, days_ago=0, **texts):
    """Write a case's texts (as handling would) and its registration time."""
    Case.objects.filter(pk=case.pk).update(registered_at=timezone.now() - datetime.timedelta(days=days_ago), **texts)
    return case


def test_a_word_is_found_in_the_matter_the_failure_and_the_result_newest_first(login, register, clerk):
    in_matter = _set(register(matter="咨询退休年龄和养老金领取条件"), days_ago=3)
    in_failure = _set(register(failure_reason="养老金停发原因不明"), days_ago=1)
    in_result = _set(register(), days_ago=2, result="已补发养老金，群众满意。")
    _set(register(matter="办理异地就医备案"), days_ago=0)
    assert _found(login(clerk), "养老金") == [in_failure.number, in_result.number, in_matter.number]


def test_a_two_character_word_is_found(login, register, clerk):
    injury = register(matter="申请工伤认定")
    register(matter="办理异地就医备案", failed_at="医保窗口")
    assert _found(login(clerk), "工伤") == [injury.number]


def test_a_single_character_is_found(login, register, clerk):
    injury = register(matter="申请工伤认定")
    register(matter="办理异地就医备案", failed_at="医保窗口")
    assert _found(login(clerk), "伤") == [injury.number]


def test_pairs_that_are_not_in_a_row_do_not_make_a_match(login, register, clerk):
    # 养老 and 老金 are both here, but never 养老金.
    register(matter="办理养老保险", failure_reason="老金额未到账")
    real = register(matter="养老金领取")
    assert _found(login(clerk), "养老金") == [real.number]


def test_each_word_may_be_in_another_text_but_not_across_two(login, register, clerk):
    both = register(matter="咨询养老金", failure_reason="外省数据未传")
    register(matter="咨询养老金", failure_reason="材料不全")
    client = login(clerk)
    assert _found(client, "养老金 外省") == [both.number]
    # The end of one text and the start of the next are not a word (…养老金 | 外省…).
    assert _found(client, "金外") == []


def test_latin_letters_are_found_in_either_case(login, register, clerk):
    app = register(matter="手机APP无法登录")
    assert _found(login(clerk), "app") == [app.number]


def test_a_part_of_a_case_number_finds_it(login, register, clerk):
    first, second = register(), register()
    client = login(clerk)
    assert _found(client, first.number.rsplit("-", 1)[1]) == [first.number]  # 000001
    assert _found(client, first.number[:-1].lower()) == [second.number, first.number]


def test_the_name_is_still_found(login, register, clerk):
    case = register(reporter_name="欧阳明")
    register()
    assert _found(login(clerk), "欧阳") == [case.number]


def test_another_offices_case_is_never_found(login, register, clerk, outside_clerk):
    own = register(matter="申请工伤认定")
    theirs = register(by=outside_clerk, matter="申请工伤认定")
    assert _found(login(clerk), "工伤") == [own.number]
    assert _found(login(clerk), theirs.number[:-1]) == []
    assert _found(login(outside_clerk), theirs.number[:-1]) == [theirs.number]
    assert _found(login(outside_clerk), "工伤") == [theirs.number]


def test_the_director_finds_the_words_in_his_subtree_only(login, register, clerk, county_clerk, outside_clerk,
                                                         director, county_director):
    city_case = _set(register(matter="调取人事档案材料"), days_ago=2)
    county_case = _set(register(by=county_clerk, matter="办理档案转递"), days_ago=1)
    register(by=outside_clerk, matter="补办档案遗失材料")
    assert _found(login(director), "档案") == [county_case.number, city_case.number]
    assert _found(login(county_director), "档案") == [county_case.number]


def test_the_word_never_reaches_a_url(login, register, clerk):
    register(matter="申请工伤认定")
    response = login(clerk).post(reverse("cases:desk"), {"q": "工伤认定"})
    assert response.status_code == 303
    assert "工伤" not in response["Location"] and "%E5%B7%A5" not in response["Location"].upper()


@pytest.mark.parametrize("how_many", [5, 30])
def test_a_word_search_takes_a_fixed_number_of_queries(login, register, county_clerk, clerk, director, how_many,
                                                       django_assert_max_num_queries):
    for n in range(how_many):
        register(matter=f"申请工伤认定{n}")
        register(by=county_clerk, matter=f"申请工伤认定{n}")
    for who in (clerk, director):
        client = login(who)
        token_url = client.post(reverse("cases:desk"), {"q": "工伤认定"})["Location"]
        with django_assert_max_num_queries(DESK_QUERY_BOUND):
            response = client.get(token_url)
        assert len(response.context["page"]) == min(how_many * (1 if who == clerk else 2), 25)


def test_a_common_word_is_merged_newest_first_over_the_directors_offices(login, register, county_clerk, outside_clerk,
                                                                         director):
    # Common in the director's own office (the probe's), rare in the county's.
    city_cases = [_set(register(matter="咨询养老金领取条件"), days_ago=days) for days in (5, 3, 1, 0)]
    county_case = _set(register(by=county_clerk, matter="咨询养老金领取条件"), days_ago=2)
    register(by=outside_clerk, matter="咨询养老金领取条件")
    expected = [city_cases[3], city_cases[2], county_case, city_cases[1], city_cases[0]]
    assert _found(login(director), "养老金") == [case.number for case in expected]
