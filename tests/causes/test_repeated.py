"""Repeated matters and repeated reporters: a problem common to many, masked people."""

from django.urls import reverse

from cases.models import Case

from tests.conftest import OTHER_VALID_ID, VALID_ID

PERIOD = {"since": "2026-01", "until": "2026-06"}


def test_the_same_area_category_and_place_three_times_is_a_repeated_matter(login, director, build):
    for _ in range(3):
        build(category="objective", place="医保窗口", matter="诊所证照名称不一致")
    build(category="objective", place="医保窗口", month=(2026, 8))  # outside the period
    build(category="staff", place="医保窗口")
    response = login(director).get(reverse("cases:repeated"), PERIOD)
    assert response.status_code == 200
    assert [(row["place"], row["category"], row["cases"]) for row in response.context["places"]] == [
        ("医保窗口", "objective", 3)]


def test_matters_typed_with_other_spaces_and_full_stops_are_the_same(login, director, build, county_clerk):
    build(matter="诊所证照名称不一致")
    build(matter=" 诊所证照 名称不一致。")
    build(by=county_clerk, matter="诊所证照名称不一致", reporter_name="周县民")
    build(matter="办理退休")
    matters = login(director).get(reverse("cases:repeated"), PERIOD).context["matters"]
    assert [(row["cases"], row["offices"]) for row in matters] == [(3, 2)]


def test_a_county_director_does_not_count_the_citys_cases(login, county_director, build, county_clerk):
    build(matter="诊所证照名称不一致")
    build(matter="诊所证照名称不一致")
    build(by=county_clerk, matter="诊所证照名称不一致", reporter_name="周县民")
    response = login(county_director).get(reverse("cases:repeated"), PERIOD)
    assert response.context["matters"] == [] and response.context["reporters"] == []


def test_a_person_who_reports_twice_is_listed_masked_with_their_cases(login, director, build):
    first = build(reporter_name="张三丰", reporter_id_number=VALID_ID)
    second = build(reporter_name="张三丰", reporter_id_number=VALID_ID, month=(2026, 3))
    build(reporter_name="李四", reporter_id_number=OTHER_VALID_ID)
    response = login(director).get(reverse("cases:repeated"), PERIOD)
    [person] = response.context["reporters"]
    assert person["cases"] == 2 and person["masked_name"] == "张**"
    assert person["masked_id_number"] == VALID_ID[:6] + "********" + VALID_ID[-4:]
    assert [case["number"] for case in person["case_list"]] == [first.number, second.number]
    page = response.content.decode()
    assert VALID_ID not in page and "张三丰" not in page
    assert reverse("cases:detail", args=[first.number]) in page


def test_the_repeated_page_takes_the_same_queries_for_few_or_many(login, director, build, django_assert_max_num_queries):
    client = login(director)
    build(reporter_id_number=VALID_ID)
    with django_assert_max_num_queries(9):
        client.get(reverse("cases:repeated"), PERIOD)
    for n in range(4):
        build(reporter_id_number=VALID_ID, matter="同一件事")
        build(reporter_id_number=OTHER_VALID_ID, reporter_name=f"李{n}", matter=f"事{n}")
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cases:repeated"), PERIOD)
    assert len(response.context["reporters"]) == 2


def test_a_bad_month_on_the_repeated_page_is_refused(login, director):
    response = login(director).get(reverse("cases:repeated"), {"until": "2026-1x"})
    assert response.status_code == 400 and response.context["form"].has_error("until")


def test_a_repeated_matter_is_worded_as_its_latest_case(login, director, build):
    build(matter="开具 ABC 证明")
    build(matter="开具abc证明。")
    build(matter="开具ABC证明", month=(2026, 4))
    [row] = login(director).get(reverse("cases:repeated"), PERIOD).context["matters"]
    assert (row["cases"], row["matter"]) == (3, "开具ABC证明")


def test_the_matter_key_is_kept_by_the_database_on_every_write(build):
    case = build(matter="诊所证照名称不一致")
    other = build(matter="办理退休")
    Case.objects.filter(pk=other.pk).update(matter=" 诊所证照 名称不一致。")
    keys = dict(Case.objects.filter(pk__in=[case.pk, other.pk]).values_list("pk", "matter_key"))
    assert keys[case.pk] == keys[other.pk] and len(keys[case.pk]) == 32
