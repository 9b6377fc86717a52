"""The register's word search is served by its indexes on PostgreSQL.

With sequential scans priced out, a plan uses `case_text_pairs` only if the
search's condition is one the GIN index answers: this fails the day the query
and the generated column drift apart (another text configuration, another
expression), and `case_number_trigrams` likewise for a part of a number.
"""

import pytest
from django.db import connection

from cases.models import Case
from cases.selectors import register as register_selectors
from cases.selectors import cases_for_desk, search_condition
from cases.text_search import words_condition
from tests.plans import plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.parametrize("word", ["工伤", "养老金", "人事档案室", "伤"])
def test_a_word_is_looked_up_in_the_pairs_index(register, clerk, word):
    register(matter="申请工伤认定")
    # The condition alone: on a table this small the list itself walks its office's index.
    assert "case_text_pairs" in plan(Case.objects.filter(search_condition(word)))


def test_a_part_of_a_number_is_looked_up_in_the_trigram_index(register, clerk):
    register()
    assert "case_number_trigrams" in plan(Case.objects.filter(search_condition("000123")))


def test_the_column_holds_the_pairs_of_every_searched_text(register, clerk):
    case = register(reporter_name="李四", matter="养老金", failed_at="窗口", failure_reason="外省")
    Case.objects.filter(pk=case.pk).update(result="已办结")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text_pairs::text FROM cases_case WHERE id = %s", [case.pk])
        pairs = set(cursor.fetchone()[0].replace("'", "").split())
    assert {"李四", "养老", "老金", "窗口", "外省", "已办", "办结"} <= pairs
    assert "金窗" not in pairs  # never across two texts


@pytest.mark.parametrize("common", [True, False])
def test_a_long_word_is_found_alike_whether_asked_as_common_or_rare(register, clerk, common):
    wanted = register(matter="咨询养老金领取条件")
    register(matter="办理养老保险", failure_reason="老金额未到账")  # 养老 and 老金, never 养老金
    register(matter="申请工伤认定")
    condition = words_condition("养老金", common=common)
    assert list(Case.objects.filter(condition).values_list("number", flat=True)) == [wanted.number]
    assert "case_text_pairs" in plan(Case.objects.filter(condition))


def test_the_probe_tells_a_common_word_from_a_rare_one(register, clerk):
    for _ in range(3):
        register(matter="咨询养老金领取条件")
    register(matter="申请工伤认定")
    assert register_selectors._words_are_common("养老金", clerk.office_id)
    assert not register_selectors._words_are_common("工伤认定", clerk.office_id)
    assert not register_selectors._words_are_common("缺少材料", clerk.office_id)


@pytest.mark.parametrize("typed", ["'", "\\", "²", "a:*", "!", "&|", "工 & 伤", "😀", "'工伤'", "工伤:*", "Ⅳ", "-", "S0"])
def test_anything_typed_is_a_search_not_a_query_language(register, clerk, director, typed):
    register(matter="申请工伤认定")
    for who in (clerk, director):
        list(cases_for_desk(who, q=typed)[:26])
