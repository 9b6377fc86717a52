"""The benchmark times register searches the way the desk makes them: by a token, never ?q=."""

from django.test import Client

from bench import probe, run
from tests.conftest import OTHER_VALID_ID, VALID_ID


def test_the_bench_search_pages_carry_a_token_and_find_the_person(register, clerk):
    case = register()
    register(reporter_name="王五", reporter_id_number=OTHER_VALID_ID, reporter_phone="13900001111")
    key = probe._session_for(clerk)
    tokens = probe._searches_for(key, {"id": VALID_ID, "phone": "13812345678", "number": case.number})
    paths = {name: path for name, _who, path in run.pages({"searches": tokens, "case_number": case.number,
                                                           "work_order": 1}) if name.startswith("search_")}
    assert all("q=" not in path and "search=" in path for path in paths.values())
    for path in paths.values():
        client = Client()
        client.cookies["sessionid"] = key  # the bench session, as wrk sends it
        assert [c.number for c in client.get(path).context["page"]] == [case.number]
        explained = Client()  # and the in-process client of the EXPLAIN step
        explained.force_login(clerk)
        probe._searches_of_the_bench_session(explained, path)
        assert [c.number for c in explained.get(path).context["page"]] == [case.number]
