"""The benchmark times register searches the way the desk makes them: by a token, never ?q=."""

from django.test import Client

from bench import probe, run
from tests.conftest import OTHER_VALID_ID, VALID_ID


def test_the_bench_search_pages_carry_a_token_and_find_the_person(register, clerk):
    case = register(matter="申请工伤认定", failed_at="人事档案室")
    register(reporter_name="王五", reporter_id_number=OTHER_VALID_ID, reporter_phone="13900001111")
    key = probe._session_for(clerk)
    tokens = probe._searches_for(key, {"id": VALID_ID, "phone": "13812345678", "number": case.number,
                                       **probe.WORD_SEARCHES})
    public = probe.task_public({"case_number": case.number})
    paths = {name: path for name, _who, path in run.pages({"searches": tokens, "case_number": case.number,
                                                           "work_order": 1, **public}) if name.startswith("search_")}
    assert all("q=" not in path and "search=" in path for path in paths.values())
    for path in paths.values():
        client = Client()
        client.cookies["sessionid"] = key  # the bench session, as wrk sends it
        assert [c.number for c in client.get(path).context["page"]] == [case.number]
        explained = Client()  # and the in-process client of the EXPLAIN step
        explained.force_login(clerk)
        probe._searches_of_the_bench_session(explained, path)
        assert [c.number for c in explained.get(path).context["page"]] == [case.number]


def test_the_bench_citizen_pages_answer_without_a_login(register):
    case = register()
    public = probe.task_public({"case_number": case.number})
    searches = {"id": "x", "phone": "x", "number": "x", "word2": "x", "word3": "x"}
    pages = {name: path for name, who, path in run.pages({"searches": searches, "case_number": case.number, "work_order": 1,
                                                          **public}) if who == run.VISITOR}
    assert set(pages) == {"front_door", "report_form", "tracking", "open311_request"}
    for name, path in pages.items():
        response = Client().get(path)
        assert response.status_code == 200, name
    assert case.number in Client().get(pages["open311_request"]).content.decode()
