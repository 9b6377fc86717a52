"""The in-process half of the benchmark, run against one scratch database.

    DATABASE_URL=... DJANGO_SETTINGS_MODULE=windowdesk.settings_bench \
        python -m bench.probe TASK '{"json": "arguments"}'

Prints one line of JSON. `bench.run` calls it once per task and size, so each
call sees exactly one database and the numbers it prints are measured inside
this process (the sweep's milliseconds, its queries) rather than over HTTP.
"""

import datetime
import json
import statistics
import sys
import time

import django

BENCH_REASON = "基准测试登记"   # failure_reason of every case the benchmark registers over HTTP
SWEEP_MARKER = "bench_sweep"    # username whose cases are the ones falling due at once


def _setup():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "windowdesk.settings_bench")
    django.setup()


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


# --- preparing a database -----------------------------------------------------------------


def task_prepare(args):
    """Take out what an earlier run left, bring the clocks to today, count what is there."""
    from django.db import connection

    from bench.models import Ping
    from bench import scale
    from cases.models import Case

    removed = cleanup()
    if Case.objects.exists():
        scale.office_plans(args.get("offices", 50))  # the rota around today, for registrations
    shifted = scale.retime_open_clocks()
    # Each run adds and removes some 10^4 cases with their rows: reclaim the dead
    # rows and refresh the statistics, or the small database drifts from run to run.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case, cases_auditevent, cases_tierspan, cases_notification, "
                       "cases_workorder, cases_casenumbercounter, django_session")
    Ping.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session")
    return {"cases": Case.objects.count(), "removed": removed, "retimed_hours": round(shifted.total_seconds() / 3600, 2)}


def cleanup() -> int:
    """Remove the cases the benchmark made; counters back to the last seeded number."""
    from django.db import connection

    from bench import scale

    removed = scale.remove_cases("failure_reason = %s", [BENCH_REASON])
    removed += scale.remove_cases(
        "registered_by_id IN (SELECT id FROM routing_user WHERE username = %s)", [SWEEP_MARKER])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_casenumbercounter k SET last_sequence = COALESCE("
            "(SELECT MAX(c.sequence) FROM cases_case c WHERE c.office_id = k.office_id AND c.year = k.year), 0)")
    return removed


def task_cleanup(args):
    return {"removed": cleanup()}


# --- who the benchmark logs in as, and what it asks for ------------------------------------------


def _session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that logs staff in (the first one, django-axes, only refuses).
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _searches_for(session_key: str, queries: dict) -> dict:
    """Tokens of register searches kept in that session, as the search form keeps them
    (the register's URL carries a token, never the ID number or phone)."""
    from django.contrib.sessions.backends.db import SessionStore

    from cases.searches import search_remember

    store = SessionStore(session_key=session_key)
    tokens = {name: search_remember(store, query) for name, query in queries.items()}
    store.save()
    return tokens


def _searches_for_path_token(path: str) -> dict:
    """The register searches of the bench session that holds the token `path` carries ({} if none)."""
    import urllib.parse

    from django.contrib.sessions.models import Session

    from cases.searches import SESSION_KEY

    token = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("search")
    if not token:
        return {}
    for session in Session.objects.all():  # the benchmark's own few sessions
        searches = session.get_decoded().get(SESSION_KEY, {})
        if token[0] in searches:
            return searches
    return {}


def _searches_of_the_bench_session(client, path: str) -> None:
    """An in-process client reads a search page with the searches its token was kept with."""
    from cases.searches import SESSION_KEY

    searches = _searches_for_path_token(path)
    if searches:
        session = client.session
        session[SESSION_KEY] = searches
        session.save()


# Words of the seeder's texts (bench/scale.py MATTERS, FAILED_AT): a two-letter
# word that the index answers alone and a longer one looked up by a pair then
# checked in the texts; both fill a page of the measured office at either size.
WORD_SEARCHES = {"word2": "工伤", "word3": "档案室"}


def task_actors(args):
    """Sessions for the people of the benchmark and the cases, IDs and phones they look for.

    Everything is chosen by a rule, so both sizes measure the same kind of
    request: the first city bureau (S01, overseeing nine county bureaus), its
    clerk, its director, the duty leader with the most tier-1 cases, a classified
    tier-2 case with a work order and the reporter's ID number, and the person
    with the most cases in the office.
    """
    from django.db.models import Count, Q

    from cases.models import Case, State, WorkOrder
    from routing.models import Office, User

    office = Office.objects.get(code="S01")
    clerk = User.objects.get(username="s01_clerk1")
    director = User.objects.get(username="s01_director")
    leader_id = (Case.objects.filter(office=office, state=State.TIER1, duty_leader__isnull=False)
                 .values("duty_leader").annotate(n=Count("id")).order_by("-n").values_list("duty_leader", flat=True).first())
    leader = User.objects.get(pk=leader_id) if leader_id else User.objects.get(username="s01_leader1")
    # The case page shows most for a classified case (its records are read) of a
    # reporter who gave an ID number (the person's other cases are looked up).
    with_order = (WorkOrder.objects.filter(case__office=office, case__state__in=[State.TIER2, State.TIER3])
                  .exclude(case__category="").exclude(case__reporter_id_hash="")
                  .order_by("case__state", "case_id").values_list("case_id", flat=True).first())
    detail = Case.objects.filter(pk=with_order).first() if with_order else None
    open_cases = Case.objects.filter(office=office, state__in=[State.TIER2, State.TIER3, State.TIER1])
    detail = (detail or open_cases.exclude(category="").exclude(reporter_id_hash="").first()
              or open_cases.first())
    # The person (and the phone) with the most cases in the office, or, when the
    # smaller database was measured first, one with as many cases as there: a
    # search is compared across sizes on a page of the same number of rows.
    targets = args.get("search_rows") or {}
    own = Case.objects.filter(office=office)
    subjects = own.exclude(subject_id_hash="").values("subject_id_hash")  # a search finds those cases too
    person_hash = _with_rows(own.exclude(reporter_id_hash="").exclude(reporter_id_hash__in=subjects),
                             "reporter_id_hash", targets.get("id"))
    person_case = own.filter(reporter_id_hash=person_hash).first()
    phone_hash = _with_rows(own.exclude(reporter_phone_hash=""), "reporter_phone_hash", targets.get("phone"))
    phone_case = own.filter(reporter_phone_hash=phone_hash).first()
    spread_offices = list(Office.objects.order_by("id").values_list("code", flat=True)[:8])
    spread = [User.objects.get(username=f"{code.lower()}_clerk1") for code in spread_offices]
    one_office = [User.objects.get(username=f"s01_clerk{i}") for i in range(1, 9)]
    offices_overseen = Office.objects.filter(path__startswith=office.path).count()
    clerk_session = _session_for(clerk)
    return {
        "leader_username": leader.username,
        "clerk": clerk_session,
        "searches": _searches_for(clerk_session, {"id": person_case.reporter_id_number,
                                                  "phone": phone_case.reporter_phone, "number": detail.number,
                                                  **WORD_SEARCHES}),
        "director": _session_for(director),
        "leader": _session_for(leader),
        "director_offices": offices_overseen,
        "case_number": detail.number,
        "id_number": person_case.reporter_id_number,
        "id_cases_in_office": Case.objects.filter(office=office, reporter_id_hash=person_hash).count(),
        "phone": phone_case.reporter_phone,
        "search_rows": {
            "id": own.filter(Q(reporter_id_hash=person_hash) | Q(subject_id_hash=person_hash)).count(),
            "phone": own.filter(reporter_phone_hash=phone_hash).count(),
        },
        "spread": [{"session": _session_for(u), "office": u.office.code,
                    "area": u.office.business_areas.order_by("position").values_list("id", flat=True).first()}
                   for u in spread],
        "one_office": [{"session": _session_for(u), "office": u.office.code,
                        "area": u.office.business_areas.order_by("position").values_list("id", flat=True).first()}
                       for u in one_office],
        "bench_reason": BENCH_REASON,
    }


def task_staff_pages(args):
    """The other staff pages' people and objects: a committee member, the
    section head with the most open work orders and one of them."""
    from django.db.models import Count

    from cases.models import WorkOrder
    from routing.models import Department, Office, User

    office = Office.objects.get(code="S01")
    busiest = (WorkOrder.objects.filter(case__office=office, state__in=WorkOrder.OPEN, department__head__isnull=False)
               .values("department").annotate(n=Count("id")).order_by("-n", "department")
               .values_list("department", flat=True).first())
    department = Department.objects.get(pk=busiest) if busiest else (
        Department.objects.filter(office=office, head__isnull=False).order_by("id").first())
    order = (WorkOrder.objects.filter(department=department).order_by("-dispatched_at").values_list("id", flat=True).first()
             if department else None)
    return {
        "committee": _session_for(User.objects.get(username="s01_committee1")),
        "head": _session_for(department.head) if department else None,
        "head_username": department.head.username if department else None,
        "work_order": order,
    }


def task_public(args):
    """What the citizens' pages are measured on: the measured case's office,
    tracking token and number, an Open311 key of the office's website (a new key each
    run: only its hash is kept), and a business area for the report form."""
    from cases.models import ApiClient, Case
    from cases.services.open311 import api_client_issue_key
    from routing.models import Office

    case = Case.objects.only("number", "tracking_token", "office").get(number=args["case_number"])
    office = Office.objects.get(pk=case.office_id)
    # The bench's client may call as often as the benchmark does; a real one has its own limit.
    client, _created = ApiClient.objects.update_or_create(name="基准测试网站", defaults={"requests_per_minute": 1_000_000})
    client.offices.add(office)
    return {"office_code": office.code, "tracking_token": case.tracking_token, "request_number": case.number,
            "api_key": api_client_issue_key(client=client),
            "area": office.business_areas.order_by("position").values_list("pk", flat=True).first()}


# What each timed action needs: a case of its own in the right state per request.
ACTIONS = ("classify", "dispatch", "escalate", "answer", "close")


def task_actions_prepare(args):
    """`n` cases (or work orders) per action, each in the state its action
    starts from, registered through the services in S01 with the benchmark's
    reason (so `cleanup` takes them out again)."""
    from cases.models import WorkOrder
    from cases.services import case_classify, case_record_citizen_outcome, case_register, case_resolve
    from cases.services.dispatch import case_dispatch
    from routing.models import Department, Office, User

    office = Office.objects.get(code="S01")
    clerk = User.objects.get(username="s01_clerk1")
    leader = User.objects.get(username=args["leader_username"])
    area = office.business_areas.order_by("position").first()
    department = Department.objects.filter(office=office, active=True, head__isnull=False).order_by("id").first()
    n = args["n"]

    def register():
        return case_register(clerk=clerk, channel="window", reporter_name="基准测试", business_area=area,
                             matter="办理养老保险关系转移", failed_at="养老保险窗口", failure_reason=BENCH_REASON,
                             reporter_phone="13800138000")

    out = {"department": department.pk, "kind": WorkOrder.Kind.SHOULD_HAVE_DONE, "category": "citizen",
           "leader": _session_for(leader), "head": _session_for(department.head)}
    out["classify"] = [register().number for _ in range(n)]
    out["dispatch"] = [register().number for _ in range(n)]
    out["escalate"] = [register().number for _ in range(n)]
    out["answer"] = [case_dispatch(case=register(), by=leader, department=department, kind=out["kind"],
                                   instruction="基准测试派单").pk for _ in range(n)]
    closing = []
    for _ in range(n):
        case = register()
        case_classify(case=case, by=leader, category="citizen")
        case_record_citizen_outcome(case=case, by=leader, kind="solved")
        case_resolve(case=case, by=leader, result="基准测试办结", close=False)
        closing.append(case.number)
    out["close"] = closing
    return out


def _with_rows(cases, key: str, rows: int | None) -> str:
    """The value of `key` shared by the most cases, or by `rows` of them (the most up to `rows`)."""
    from django.db.models import Count

    counted = cases.values(key).annotate(n=Count("id"))
    if rows:
        counted = counted.filter(n__lte=rows)
    return counted.order_by("-n", key).values_list(key, flat=True).first()


def task_backlog(args):
    """Open cases of the offices the S01 director oversees: what the open list must not read in full."""
    from cases.models import OPEN_STATES, Case
    from routing.models import Office

    office = Office.objects.get(code="S01")
    return {"director_open": Case.objects.filter(office__path__startswith=office.path, state__in=OPEN_STATES).count()}


# --- numbers ------------------------------------------------------------------------------------


def task_numbers(args):
    """Every office and year: numbers 1..last without a gap or a repeat, the counter at the last."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.code, c.year, COUNT(*), COUNT(DISTINCT c.sequence), MIN(c.sequence), MAX(c.sequence), "
            "MAX(k.last_sequence), COUNT(DISTINCT c.number) "
            "FROM cases_case c JOIN routing_office o ON o.id = c.office_id "
            "LEFT JOIN cases_casenumbercounter k ON k.office_id = c.office_id AND k.year = c.year "
            "GROUP BY o.code, c.year")
        bad = [row for row in cursor.fetchall()
               if not (row[2] == row[3] == row[5] == row[6] == row[7] and row[4] == 1)]
        cursor.execute("SELECT o.code, COUNT(*) FROM cases_case c JOIN routing_office o ON o.id = c.office_id "
                       "WHERE c.failure_reason = %s GROUP BY o.code ORDER BY o.code", [BENCH_REASON])
        registered = dict(cursor.fetchall())
    return {"gap_free": not bad, "bad": [list(map(str, row)) for row in bad[:10]], "registered": registered}


# --- the sweep ------------------------------------------------------------------------------------


def _timed_sweep(now, *, mail=True):
    from django.db import connection

    from cases.sweep import sweep

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        report = sweep(now, mail=mail)
    return report, (time.perf_counter() - started) * 1000, counter.count


def task_sweep_idle(args):
    """The tick every minute when nothing is due: milliseconds inside `sweep(now)`."""
    from django.utils import timezone

    warm = []
    for _ in range(3):  # the first ticks may still find a light that turned yellow since seeding
        report, ms, queries = _timed_sweep(timezone.now())
        warm.append(str(report))
        if not (report.escalated or report.warned or report.flagged_overdue or report.mailed
                or report.work_orders_overdue or report.work_orders_warned):
            break
    plans = _explain_slowest(lambda: _timed_sweep(timezone.now()), top=3)
    times, queries = [], 0
    for _ in range(args.get("ticks", 20)):
        report, ms, queries = _timed_sweep(timezone.now())
        times.append(ms)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1] if len(times) > 1 else times[0],
            "queries": queries, "warmup": warm, "last": str(report), "plans": plans}


def _explain_slowest(action, *, top):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    plans = []
    for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:top]:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plans.append({"ms": float(query["time"]) * 1000, "sql": query["sql"],
                          "plan": "\n".join(row[0] for row in cursor.fetchall())})
    return plans


def _marker():
    from routing.models import Office, User

    user, _created = User.objects.get_or_create(username=SWEEP_MARKER, defaults={
        "office": Office.objects.get(code="S01"), "last_name": "基准", "first_name": "测试", "is_active": False})
    return user


def task_sweep_due_add(args):
    """`n` tier-1 cases whose time ran out in the last hour, spread over the offices."""
    from django.utils import timezone

    from bench import scale

    cleanup()
    now = timezone.now()
    ids = scale.add_due_cases(n=args["n"], now=now, registered_by=_marker().pk)
    return {"added": len(ids), "now": now.isoformat()}


def task_sweep_once(args):
    """One sweep at `now`, timed (two of these at once are two beats by mistake)."""
    report, ms, queries = _timed_sweep(datetime.datetime.fromisoformat(args["now"]))
    return {"escalated": report.escalated, "ms": ms, "queries": queries, "failed": len(report.failed), "report": str(report)}


def task_sweep_verify(args):
    """Exactly one escalation, one audit row, two spans and one notice per committee member per case."""
    from django.db.models import Count

    from cases.models import AuditEvent, Case, Notification, State, TierSpan
    from routing import roles
    from routing.models import User

    from django.db import connection

    # Fresh statistics: the sweep just wrote tens of thousands of rows, and a
    # join planned on stale counts can take minutes on the bigger database.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case, cases_auditevent, cases_tierspan, cases_notification")
    marker = _marker()
    ids = list(Case.objects.filter(registered_by=marker).values_list("id", flat=True))
    cases = Case.objects.filter(pk__in=ids)
    total = len(ids)
    not_escalated = cases.exclude(state=State.TIER2).count()
    audit = dict(AuditEvent.objects.filter(case_id__in=ids, action="case.escalated")
                 .values("case").annotate(n=Count("id")).values_list("case", "n"))
    spans = dict(TierSpan.objects.filter(case_id__in=ids).values("case").annotate(n=Count("id"))
                 .values_list("case", "n"))
    open_spans = TierSpan.objects.filter(case_id__in=ids, left_at__isnull=True, tier=State.TIER2).count()
    notes = Notification.objects.filter(case_id__in=ids, kind=Notification.Kind.ESCALATED)
    per_recipient = notes.values("case", "recipient").annotate(n=Count("id")).filter(n__gt=1).count()
    committee = dict(User.objects.filter(groups__name=roles.COMMITTEE, is_active=True).values("office")
                     .annotate(n=Count("id")).values_list("office", "n"))
    expected_notes = sum(committee.get(office, 0) for office in cases.values_list("office_id", flat=True))
    audit_once = len(audit) == total and set(audit.values()) <= {1}
    spans_ok = len(spans) == total and set(spans.values()) <= {2} and open_spans == total
    notes_total = notes.count()
    return {
        "cases": total, "not_escalated": not_escalated, "audit_rows": sum(audit.values()), "audit_once": audit_once,
        "spans_ok": spans_ok, "notifications": notes_total, "expected_notifications": expected_notes,
        "duplicate_notifications": per_recipient,
        "exactly_once": not_escalated == 0 and audit_once and spans_ok and per_recipient == 0
        and notes_total == expected_notes,
        "unmailed": Notification.objects.filter(case_id__in=ids, emailed_at__isnull=True).count(),
    }


# --- EXPLAIN of what a page runs ------------------------------------------------------------------


def task_explain(args):
    """Run each page in-process, EXPLAIN ANALYZE its slowest queries, and say how many rows they read.

    "Rows read" is the largest row count of any scan of the case table, sort or
    aggregate in the plan (actual rows times loops, plus rows a filter threw
    away): a page that must not read the whole backlog shows it here, whatever
    the machine's speed.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from routing.models import User

    out = {}
    for name, username, path in args["pages"]:
        client = Client()
        if username:  # None: a citizen's page, no login
            client.force_login(User.objects.get(username=username))
        _searches_of_the_bench_session(client, path)
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        # Rows read over every query of the page; the plans kept are the slowest ones'.
        plans, worst_rows = [], 0
        for rank, query in enumerate(queries):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "(SELECT")):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                if isinstance(plan, str):
                    plan = json.loads(plan)
                rows = _rows_read(plan[0]["Plan"])
                worst_rows = max(worst_rows, rows)
                if rank < args.get("top", 2):
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    text = "\n".join(row[0] for row in cursor.fetchall())
                    plans.append({"ms": float(query["time"]) * 1000, "sql": sql, "plan": text, "rows_read": rows})
        out[name] = {"status": response.status_code, "ms": elapsed, "queries": len(captured.captured_queries),
                     "rows_read": worst_rows, "plans": plans}
    return out


def _rows_read(node) -> int:
    """Case rows read: scans of the register (not of the fifty offices a join
    may loop over), and what sorts and aggregates take in."""
    loops = node.get("Actual Loops", 1) or 1
    here = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
    kind = node.get("Node Type", "")
    counted = ("Scan" in kind and node.get("Relation Name") == "cases_case") or "Sort" in kind or "Aggregate" in kind
    if not counted:
        here = 0
    return max([here, *(_rows_read(child) for child in node.get("Plans", []))])


def task_export(args):
    """The register exported as the city director sees it, with a start date that
    gives about `rows` rows: the worker's whole build (count, rows streamed
    from the selector, the file written), its time and the process's peak memory."""
    import resource

    from django.db import connection
    from django.utils import timezone

    from cases.access import cases_readable_by
    from cases.models import Export
    from cases.models.public import private_storage
    from cases.services.exports import export_build
    from routing import clock
    from routing.models import User

    director = User.objects.select_related("office").get(username="s01_director")
    nth = (cases_readable_by(director).order_by("-registered_at", "-id")
           .values_list("registered_at", flat=True)[args["rows"] - 1:args["rows"]].first())
    since = clock.local(nth, director.office).date() if nth else datetime.date(2000, 1, 1)
    export = Export.objects.create(requested_by=director, office=director.office, kind="register",
                                   filters={"registered_from": since.isoformat()})
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        built = export_build(export_id=export.pk)
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = private_storage.size(built.file) if built.file else 0
    if built.file:
        private_storage.delete(built.file)
    Export.objects.filter(pk=export.pk).delete()
    return {"state": built.state, "error": built.error, "rows": built.rows_done, "ms": round(elapsed * 1000),
            "us_per_row": round(elapsed * 1e6 / max(built.rows_done, 1), 1), "queries": counter.count,
            "file_mb": round(size / 2**20, 2), "peak_rss_mb": round(rss_after), "rss_before_mb": round(rss_before),
            "since": since.isoformat(), "at": timezone.now().isoformat()}


def task_daily_summaries(args):
    """The daily summary job as beat runs it, every office due at once (each its
    latest working day): timed in one transaction that is then rolled back, so
    the database keeps no summary and every run times the same work."""
    from django.db import connection, transaction

    from cases.daily_summary import make_daily_summaries
    from routing.models import Office

    counter = QueryCounter()
    with transaction.atomic():
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            report = make_daily_summaries(limit=10_000)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"made": report.made, "failed": len(report.failed), "offices": Office.objects.count(),
            "ms": round(elapsed * 1000), "queries": counter.count}


TASKS = {name.removeprefix("task_"): fn for name, fn in globals().items() if name.startswith("task_")}


def main(argv):
    _setup()
    task = argv[1]
    args = json.loads(argv[2]) if len(argv) > 2 else {}
    result = TASKS[task](args)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")


if __name__ == "__main__":
    main(sys.argv)
