"""No input gives a server error: random text, huge numbers, dates out of range,
NUL bytes and any unicode, thrown at every GET filter and every form field of
every page, by each role and by a visitor who is not logged in.

The pages and their forms are found, not listed: every URL of the URLconf
(tests/site_map.py) is read as each role, and each form on each page is
parsed for its fields and the values it offers. Each URL is one test; hypothesis
draws who sends it, which fields and what in them. The example count comes from
the hypothesis profile in tests/conftest.py (HYPOTHESIS_PROFILE=long for more).
"""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.site_map import ANONYMOUS, build_world, log_in, site_forms, url_names

pytestmark = pytest.mark.django_db

# What a clerk's keyboard, a scanner or a hostile script can put in a field.
NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
    st.datetimes(min_value=datetime.datetime(1, 1, 1)).map(lambda moment: moment.isoformat(timespec="minutes")),
    st.sampled_from([
        "", " ", "\x00", "a\x00b", "0", "-1", "1e400", "NaN", "inf", "9" * 30, str(2**63), str(-(2**63) - 1),
        "9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31T23:59",
        "２０２６-１１-１７", "١٢٣", "‮", "😀" * 20, "<script>alert(1)</script>", "' OR 1=1 --", "%", "_", "\\",
        "x" * 5000, "丹东" * 1500,
    ]),
)


def _value(offered):
    """A value for one field: mostly nasty, sometimes what the page offered (to reach the services)."""
    if offered:
        return st.one_of(st.sampled_from(offered), NASTY_TEXT)
    return NASTY_TEXT


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("name", url_names())
@given(data=st.data())
def test_no_input_to_any_page_gives_a_server_error(client, world, name, data):
    forms = site_forms(client, world).get(name, {"get": {}, "post": {}})
    url = world.url_for(name)
    roles = [ANONYMOUS, *world.people]
    for method in ("get", "post"):
        # Mostly someone who sees this form on a page; sometimes anyone at all.
        seen_by = sorted(forms[method]) or roles
        role = data.draw(st.one_of(st.sampled_from(seen_by), st.sampled_from(roles)), label=f"{method} as")
        fields = forms[method].get(role) or {}
        names = sorted(fields) + (["page", "next"] if method == "get" else ["id", "next"])
        chosen = data.draw(st.lists(st.sampled_from(names), unique=True), label=f"{method} fields")
        values = {field: data.draw(_value(sorted(fields.get(field, ()))), label=field) for field in chosen}
        extra = data.draw(st.dictionaries(st.text(min_size=1, max_size=10), NASTY_TEXT, max_size=2), label="extra")
        log_in(client, world, role)
        response = getattr(client, method)(url, {**extra, **values})
        assert response.status_code < 500, f"{method.upper()} {url} as {role} with {values} gave {response.status_code}"
