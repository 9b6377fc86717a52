"""The benchmark itself must not break: its small version (SCALE=1000) in the suite.

It runs the whole machinery of `make bench` on two scratch databases (200 and
1,000 cases): seeding, gunicorn, the pages, wrk registrations, the sweep alone
and twice at once. It checks what does not depend on the machine (query counts
flat across sizes, every page answering, gap-free numbers, a sweep that
escalates each due case exactly once), never timings. The scratch databases
are dropped afterwards.
"""

import os
import shutil
import urllib.parse

import pytest

from bench import run as bench_run

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def small_run():
    if urllib.parse.urlparse(os.environ.get("DATABASE_URL", "")).scheme not in ("postgres", "postgresql"):
        reason = "the benchmark needs PostgreSQL (set DATABASE_URL)"
        if os.environ.get("CI"):
            pytest.fail(f"In CI every test must run: {reason}")
        pytest.skip(reason)
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed (Debian package wrk; .ci/run installs it)")
    # Named after the suite's own database, so two checkouts testing at once
    # on one server do not drop each other's scratch databases.
    own = urllib.parse.urlparse(os.environ["DATABASE_URL"]).path.strip("/") or "windowdesk"
    config = bench_run.Config.small(db_prefix=f"{own}_benchtest", results=None, explain_dir=None,
                                    port=bench_run.free_port())
    bench_run.drop_databases(config)
    try:
        results, goals, report = bench_run.run(config)
    finally:
        bench_run.drop_databases(config)
    return results, goals, report


def test_every_page_answers_at_both_sizes(small_run):
    results, _goals, _report = small_run
    for result in results:
        assert {name: s["status"] for name, s in result["samples"].items() if s["status"] != 200} == {}


def test_every_page_runs_the_same_queries_at_both_sizes(small_run):
    (small, large), _goals, _report = small_run
    counts = {name: (small["samples"][name]["queries"], large["samples"][name]["queries"]) for name in small["samples"]}
    assert {name: pair for name, pair in counts.items() if pair[0] != pair[1]} == {}


def test_concurrent_registrations_issue_gap_free_numbers(small_run):
    results, _goals, _report = small_run
    for result in results:
        assert result["numbers"]["gap_free"], result["numbers"]["bad"]
        for label, load in result["registration"].items():
            assert load["requests"] > 0 and load["status_errors"] == 0 and load["errors"] == 0, (label, load)
        # Every registration landed in an office of the benchmark's clerks.
        assert sum(result["numbers"]["registered"].values()) > 0


def test_the_sweep_escalates_each_due_case_exactly_once_alone_and_twice_at_once(small_run):
    results, _goals, _report = small_run
    for result in results:
        for label in ("alone", "two"):
            verify = result["sweep_due"][label]["verify"]
            assert verify["exactly_once"], (result["size"], label, verify)
        assert sum(result["sweep_due"]["two"]["escalated"]) == result["sweep_due"]["two"]["verify"]["cases"]


def test_the_machinery_reports_no_correctness_failure(small_run):
    results, _goals, report = small_run
    assert bench_run.correctness_failures(results) == []
    assert "| floor: /healthz |" in report and "## Goals:" in report


def test_every_post_action_succeeds_on_a_case_of_its_own(small_run):
    results, _goals, _report = small_run
    for result in results:
        assert set(result["actions"]) == set(bench_run.ACTIONS)
        for action, timed in result["actions"].items():
            assert timed["statuses"] == [302] and timed["n"] == 5, (result["size"], action, timed)
