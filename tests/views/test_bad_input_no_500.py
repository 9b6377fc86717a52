"""Input that used to give a server error gets a clear message or a 400/404."""

from django.urls import reverse

from cases.models import Notification


def test_a_to_date_at_the_end_of_the_calendar_is_refused_beside_the_field(login, clerk):
    response = login(clerk).get(reverse("cases:desk"), {"registered_to": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors["registered_to"]


def test_a_page_number_past_any_bigint_shows_a_page(login, clerk, director, county):
    for user, name in ((clerk, "cases:desk"), (director, "cases:desk"), (director, "cases:review")):
        response = login(user).get(reverse(name), {"page": "99999999999999999999999"})
        assert response.status_code == 200


def test_a_nul_byte_in_a_path_is_not_found_and_in_a_value_is_bad_input(login, clerk):
    client = login(clerk)
    assert client.get("/cases/%00/").status_code == 404
    assert client.get(reverse("cases:desk"), {"q": "a\x00b"}).status_code == 400
    assert client.post(reverse("cases:register"), {"reporter_name": "\x00"}).status_code == 400


def test_marking_a_notification_read_with_an_id_that_is_no_number_is_bad_input(login, clerk):
    client = login(clerk)
    for bad in ("abc", "1.5", "-3", "99999999999999999999999"):
        assert client.post(reverse("cases:inbox_read"), {"id": bad}).status_code == 400
    assert Notification.objects.count() == 0


def test_a_rejected_intake_answers_400_with_the_form_again(login, clerk):
    response = login(clerk).post(reverse("cases:register"), {"reporter_name": ""})
    assert response.status_code == 400
    assert response.context["form"].errors
