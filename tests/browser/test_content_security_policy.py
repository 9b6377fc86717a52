"""Every staff page, opened by each role in a real browser, runs under the
Content-Security-Policy with nothing refused: no inline script, style or handler
left that the policy would block (the page would lose its behaviour or look)."""

import pytest

from tests.site_map import build_world, pages_for

pytestmark = pytest.mark.browser


@pytest.fixture
def world(server):
    return build_world()


def test_the_recorder_catches_a_refused_inline_handler(page, server, csp_violations):
    # Without this the other tests could pass because nothing was listening.
    page.goto(f"{server}/accounts/login/")
    page.evaluate("""() => { document.body.insertAdjacentHTML("beforeend", '<p style="color:red">x</p>'); }""")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()


def test_every_page_as_each_role_runs_with_no_policy_violation(page, page_errors, server, log_in, world, client,
                                                              csp_violations):
    visited = set()
    for role, person in world.people.items():
        pages = pages_for(client, world, role)
        assert pages, role
        log_in(person)
        for path in pages:
            page.goto(f"{server}{path}")
            page.wait_for_load_state("load")
            assert csp_violations == [], f"{role} on {path}: {csp_violations}"
            visited.add(path)
        page.context.clear_cookies()
    # An error page and the bootstrap-driven menu on a narrow screen, with the policy on.
    page.goto(f"{server}/cases/no-such-case/")
    assert page_errors == [] or all("404" in e for e in page_errors), page_errors
    assert visited >= set(world.pages()) - set(world.urls().values()), "the tier-2 case page and the printed letters"
    assert csp_violations == []


def test_the_admin_runs_with_no_policy_violation(page, server, log_in, world, csp_violations):
    from routing.models import User

    User.objects.create_superuser("root", password="pw-root", office=world.case.office)
    log_in(User.objects.get(username="root"))
    for path in ("/admin/", "/admin/cases/case/", f"/admin/cases/case/{world.case.pk}/change/",
                 "/admin/routing/user/", "/admin/routing/user/add/"):
        assert page.goto(f"{server}{path}").status == 200, path
        page.wait_for_load_state("load")
        assert csp_violations == [], f"{path}: {csp_violations}"
