"""`make bench`: the app against its own floor, at 10³ and at 10⁶ cases, side by side.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.run [--scale 1000000]

For each size it makes (or reuses) a scratch database `windowdesk_bench_<size>`
on the server of DATABASE_URL, seeds it with `bench.seed`, serves the app with
gunicorn (3 sync workers, `windowdesk.settings_bench`), and measures:

- floors: /healthz and a logged-in one-row insert, sequential p50/p95 and wrk
  requests/s (8 connections). /healthz is timed in turns beside every page and
  its samples pooled, so its p95 covers the same spells of the machine as the
  pages it is the floor of;
- every staff page, one client in sequence: p50/p95 and the
  SQL count of each request (the X-Queries header of the bench settings). Both
  sizes are served at once and take turns of ten requests, so a slow spell of
  the machine weighs on both sizes alike;
- walk-in registrations through the real form (session + CSRF token) by 8
  concurrent clerks over 8 offices and in one office, then checks every
  office's numbers are gap-free and unique;
- each POST action (classify, dispatch, escalate, answer a work order,
  close), one request at a time, each on a case of its own;
- in-process: the sweep tick with nothing due, and with 10⁴ cases falling due
  at once, alone and as two sweeps in two processes (exactly once);
- in-process: an Excel export of about 10⁴ rows of the register, built as the
  worker builds it (time and peak memory), and the daily summary job making
  every office's summary at once (rolled back after);
- the peak RSS of a gunicorn worker; EXPLAIN ANALYZE of each page's slowest
  queries (bench/explain/ for the largest size).

It prints one table, writes bench/results.md, and exits 1 naming every goal
missed. The seeded databases are kept for the next run (a database whose case
count matches is reused; what a run adds is taken out again at its end).
"""

import argparse
import dataclasses
import datetime
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PAGE = 25  # cases.views.desk.PAGE_SIZE
VALID_ID = "11010519491231002X"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- configuration ------------------------------------------------------------------------


@dataclasses.dataclass
class Config:
    scale: int = 1_000_000
    offices: int = 50
    samples: int = 200
    warmup: int = 15
    wrk_seconds: int = 5
    due_cases: int = 10_000
    action_samples: int = 60
    db_prefix: str = "windowdesk_bench"
    results: Path | None = BENCH / "results.md"
    explain_dir: Path | None = BENCH / "explain"
    port: int = 8765

    @property
    def sizes(self) -> tuple[int, int]:
        return (1000, self.scale) if self.scale > 1000 else (200, self.scale)

    @classmethod
    def small(cls, scale: int = 1000, **overrides) -> "Config":
        """The version the test suite runs: the same machinery, a fraction of the time."""
        return cls(scale=scale, samples=20, warmup=3, wrk_seconds=1, due_cases=200, action_samples=5, **overrides)


def free_port() -> int:
    import socket

    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def db_name(config: Config, size: int) -> str:
    label = f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)
    return f"{config.db_prefix}_{label}"


def server_url() -> urllib.parse.ParseResult:
    url = os.environ.get("DATABASE_URL", "")
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/any_db "
                 "(the benchmark creates its own databases on that server).")
    return parsed


def database_url(name: str) -> str:
    return server_url()._replace(path=f"/{name}").geturl()


def admin_connection():
    import psycopg2

    url = server_url()
    connection = psycopg2.connect(dbname="postgres", host=url.hostname, port=url.port or 5432,
                                  user=url.username, password=url.password)
    connection.autocommit = True
    return connection


def env_for(name: str) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url(name), DJANGO_SETTINGS_MODULE="windowdesk.settings_bench",
               PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    # Every citizen of the benchmark writes from one address and sends thousands
    # of reports: the public form's limits (captcha, reports per address and per
    # phone) would refuse them, and a refusal is not what is being timed.
    env.update(WINDOWDESK_CAPTCHA_AFTER="1000000000", WINDOWDESK_REPORTS_PER_ADDRESS="1000000000",
               WINDOWDESK_REPORTS_PER_PHONE="1000000000")
    env.pop("REDIS_URL", None) if env.get("BENCH_WITH_REDIS") != "1" else None
    return env


# --- subprocesses ------------------------------------------------------------------------


def manage(name: str, *args: str, stream: bool = False, module: str = "") -> str:
    """`manage.py ARGS`, or `python -m MODULE ARGS` for a bench tool such as `bench.seed`."""
    command = [sys.executable, "-m", module, *args] if module else [sys.executable, str(ROOT / "manage.py"), *args]
    if not stream:
        done = subprocess.run(command, cwd=ROOT, env=env_for(name), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout
    lines = []
    with subprocess.Popen(command, cwd=ROOT, env=env_for(name), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as process:
        for line in process.stdout:
            lines.append(line)
            log(f"  {name}: {line.rstrip()}")
    if process.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{''.join(lines[-20:])}")
    return "".join(lines)


def probe(name: str, task: str, args: dict | None = None, *, background: bool = False):
    command = [sys.executable, "-m", "bench.probe", task, json.dumps(args or {})]
    if background:
        return subprocess.Popen(command, cwd=ROOT, env=env_for(name), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    done = subprocess.run(command, cwd=ROOT, env=env_for(name), capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"probe {task} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def collect(process) -> dict:
    stdout, stderr = process.communicate(timeout=600)
    if process.returncode:
        raise RuntimeError(f"probe failed:\n{stderr[-4000:]}")
    return json.loads(stdout.strip().splitlines()[-1])


# --- databases ------------------------------------------------------------------------------


def ensure_database(config: Config, size: int) -> dict:
    """A migrated database with exactly `size` seeded cases; reused when it has them already."""
    name = db_name(config, size)
    admin = admin_connection()
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    manage(name, "migrate", "--noinput", "-v0")
    state = probe(name, "prepare", {"offices": config.offices})
    seeded = {"database": name, "reused": state["cases"] == size, "seed_seconds": None, "seed_line": ""}
    if state["cases"] != size:
        if state["cases"]:
            log(f"{name} has {state['cases']:,} cases, not {size:,}: seeding it again from empty")
            with admin.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
                cursor.execute(f'DROP DATABASE "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
            manage(name, "migrate", "--noinput", "-v0")
        log(f"seeding {name} with {size:,} cases")
        started = time.monotonic()
        output = manage(name, "--cases", str(size), "--offices", str(config.offices), stream=True, module="bench.seed")
        seeded["seed_seconds"] = time.monotonic() - started
        seeded["seed_line"] = next((line for line in output.splitlines() if line.startswith("Seeded")), "")
        state = probe(name, "prepare", {"offices": config.offices})
    else:
        log(f"reusing {name} ({size:,} cases)")
    # The statistics pages read the daily figures the hourly job keeps: build
    # them once for a database that has none (the seeder writes rows directly),
    # then the job's own run over the last days, as the clocks were just moved.
    started = time.monotonic()
    manage(name, "rebuild_figures", "--if-empty")
    manage(name, "rebuild_figures", "--last-days", "8")
    seeded["figures_seconds"] = time.monotonic() - started
    admin.close()
    seeded["cases"] = state["cases"]
    return seeded


def drop_databases(config: Config) -> None:
    admin = admin_connection()
    with admin.cursor() as cursor:
        for size in config.sizes:
            name = db_name(config, size)
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


# --- the server -----------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, port: int):
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "windowdesk.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{port}",
             "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=env_for(name), start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(port, "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within a minute")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> float:
        peaks = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclasses.dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    ms: float


def fetch(port: int, path: str, *, cookie: str = "", method: str = "GET", body: str = "") -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection.request(method, path, body=body.encode() if body else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, data, elapsed)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


@dataclasses.dataclass
class Sample:
    p50: float
    p95: float
    queries: int | None
    queries_vary: bool
    status: int
    rows: int | None = None
    rps: float | None = None


@dataclasses.dataclass
class Target:
    """One request to time: where, as whom, what."""
    port: int
    path: str
    cookie: str = ""
    method: str = "GET"
    body: str = ""


TURN = 10  # requests to one target before the next takes its turn


def _time_interleaved(targets: list[Target], *, samples: int, warmup: int) -> list[tuple[list, list, set]]:
    """Each target's times (ms), SQL counts and statuses, `samples` of each, the
    targets taking turns of TURN requests (one request at a time): a slow spell
    of the machine falls on every target alike, so the ratio between the two
    sizes, or between a page and the floor, measures the app, not when each was
    run. Turns rather than single requests keep a server's worker as warm as
    when it is measured alone."""
    for target in targets:
        for _ in range(warmup):
            fetch(target.port, target.path, cookie=target.cookie, method=target.method, body=target.body)
    timed = [([], [], set()) for _ in targets]
    for start in range(0, samples, TURN):
        for target, (times, queries, statuses) in zip(targets, timed):
            for _ in range(min(TURN, samples - start)):
                response = fetch(target.port, target.path, cookie=target.cookie, method=target.method, body=target.body)
                times.append(response.ms)
                statuses.add(response.status)
                if "x-queries" in response.headers:
                    queries.append(int(response.headers["x-queries"]))
    return timed


def _sample(times: list[float], queries: list[int], statuses: set[int]) -> Sample:
    status = 200 if statuses == {200} else max(statuses - {200}, default=200)  # the worst other answer, if any
    # The usual count: a worker's first request, or the clock re-reading the
    # calendar once a minute, adds a query now and then (marked * in the table).
    usual = statistics.mode(queries) if queries else None
    return Sample(p50=statistics.median(times), p95=percentile(times, 95), queries=usual,
                  queries_vary=len(set(queries)) > 1, status=status)


def wrk(port: int, path: str, *, seconds: int, connections: int = 8, threads: int = 2, cookie: str = "",
        method: str = "", body: str = "", script: str = "report.lua", script_args: list[str] = ()) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
               "-s", str(BENCH / "wrk" / script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += [f"http://127.0.0.1:{port}{path}"]
    if script_args:
        command += ["--", *script_args]
    env = dict(os.environ, WRK_METHOD=method, WRK_BODY=body)
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    match = re.search(r"BENCH_JSON (\{.*\})", done.stdout)
    if done.returncode or not match:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


# --- one size ---------------------------------------------------------------------------------


def pages(actors: dict) -> list[tuple[str, str, str]]:
    """(name, who, path) of every page measured; who is a key of `actors`."""
    q = urllib.parse.quote
    return [
        ("desk_clerk", "clerk", "/cases/?state=closed"),
        ("desk_clerk_open", "clerk", "/cases/?state=open"),
        ("desk_director", "director", "/cases/?state=closed"),
        ("desk_director_open", "director", "/cases/?state=open"),
        ("search_id", "clerk", f"/cases/?search={q(actors['searches']['id'])}"),
        ("search_phone", "clerk", f"/cases/?search={q(actors['searches']['phone'])}"),
        ("search_number", "clerk", f"/cases/?search={q(actors['searches']['number'])}"),
        ("search_word2", "clerk", f"/cases/?search={q(actors['searches']['word2'])}"),
        ("search_word3", "clerk", f"/cases/?search={q(actors['searches']['word3'])}"),
        ("case_page", "clerk", f"/cases/{actors['case_number']}/"),
        ("slip", "clerk", f"/cases/{actors['case_number']}/slip/"),
        ("leader_queue", "leader", "/cases/leader/"),
        ("review", "director", "/cases/review/"),
        ("intake_form", "clerk", "/cases/new/"),
        ("committee_queue", "committee", "/cases/committee/"),
        ("party_group_queue", "director", "/cases/party-group/"),
        ("department_page", "head", "/cases/department/"),
        ("work_order", "head", f"/cases/work-orders/{actors['work_order']}/"),
        ("department_stats", "director", "/cases/review/departments/"),
        ("inbox", "leader", "/cases/inbox/"),
        ("innovations", "clerk", "/cases/innovations/"),
        ("statistics", "director", "/cases/review/statistics/"),
        ("ranking", "director", "/cases/review/ranking/"),
        ("causes", "director", "/cases/causes/"),
        ("repeated", "director", "/cases/causes/repeated/"),
        # The citizens' side, no login.
        ("front_door", VISITOR, "/"),
        ("report_form", VISITOR, f"/o/{actors['office_code']}/report/"),
        ("tracking", VISITOR, f"/t/{actors['tracking_token']}/"),
        ("open311_request", VISITOR, f"/open311/v2/requests/{actors['request_number']}.json?api_key={actors['api_key']}"),
    ]


PEOPLE = ("clerk", "director", "leader", "committee", "head")
VISITOR = "visitor"  # a citizen: no session


USERNAMES = {"clerk": "s01_clerk1", "director": "s01_director", "committee": "s01_committee1"}


def registration_lines(port: int, clerks: list[dict], reason: str) -> list[str]:
    """Cookie and form body of each clerk, with a CSRF token from the real form."""
    lines = []
    for clerk in clerks:
        cookie = f"sessionid={clerk['session']}"
        form = fetch(port, "/cases/new/", cookie=cookie)
        if form.status != 200:
            raise RuntimeError(f"the intake form answered {form.status} for clerk of {clerk['office']}")
        csrf_cookie = re.search(r"csrftoken=([^;]+)", form.headers.get("set-cookie", ""))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if not (csrf_cookie and token):
            raise RuntimeError("no CSRF cookie or token on the intake form")
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token.group(1).decode(), "channel": "window", "reporter_name": "基准测试",
            "reporter_phone": "13800138000", "reporter_id_number": VALID_ID, "business_area": clerk["area"],
            "matter": "办理养老保险关系转移", "failed_at": "养老保险窗口", "failure_reason": reason,
        })
        lines.append(f"{cookie}; csrftoken={csrf_cookie.group(1)}\t{body}")
    return lines


def online_report_lines(port: int, actors: dict, reason: str, visitors: int = 8) -> list[str]:
    """Cookie and form body of each of `visitors` citizens sending the office's
    report form, each with its own phone number and a CSRF token from the form."""
    path = f"/o/{actors['office_code']}/report/"
    lines = []
    for i in range(visitors):
        form = fetch(port, path)
        csrf_cookie = re.search(r"csrftoken=([^;]+)", form.headers.get("set-cookie", ""))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or not (csrf_cookie and token):
            raise RuntimeError(f"the report form answered {form.status} without a CSRF cookie and token")
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token.group(1).decode(), "matter": "办理养老保险关系转移",
            "failed_where": "regular_window", "failed_at": "养老保险窗口", "failure_reason": reason,
            "business_area": actors["area"], "reporting_for": "self", "reporter_name": "基准测试",
            "reporter_phone": f"1390013{i:04d}", "consent": "on", "website": "",
        })
        lines.append(f"csrftoken={csrf_cookie.group(1)}\t{body}")
    return lines


def post_with_wrk(port: int, path: str, lines: list[str], seconds: int) -> dict:
    """Line i's form posted over and over on connection i; the first post is
    checked to be a success (a redirect), so refusals are not timed as work."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    try:
        first_cookie, first_body = lines[0].split("\t")
        check = fetch(port, path, cookie=first_cookie, method="POST", body=first_body)
        if check.status != 302:
            raise RuntimeError(f"a post to {path} answered {check.status}, not a redirect:\n"
                               f"{check.body[:2000].decode(errors='replace')}")
        return wrk(port, path, seconds=seconds, connections=len(lines), threads=len(lines),
                   script="register.lua", script_args=[handle.name])
    finally:
        os.unlink(handle.name)


def prepare_size(config: Config, size: int, *, search_rows: dict | None = None) -> dict:
    """The size's database, seeded or reused, and who the benchmark acts as."""
    name = db_name(config, size)
    result = {"size": size, "name": name, "database": ensure_database(config, size)}
    actors = probe(name, "actors", {"search_rows": search_rows})
    actors |= probe(name, "staff_pages")
    actors |= probe(name, "public", {"case_number": actors["case_number"]})
    result["actors"] = {k: actors[k] for k in ("director_offices", "id_cases_in_office", "case_number", "search_rows")}
    result["_actors"] = actors
    return result


def measure_latencies(config: Config, results: list[dict]) -> None:
    """Every page of both sizes, one client in sequence, the sizes' requests taken in turn."""
    servers = []
    try:
        for offset, result in enumerate(results):
            log(f"{result['name']}: serving with gunicorn")
            servers.append(Server(result["name"], config.port if offset == 0 else free_port()))
        cookies = [{who: f"sessionid={r['_actors'][who]}" for who in PEOPLE} | {VISITOR: ""} for r in results]
        rounds = [("insert", [Target(s.port, "/bench/insert/", c["clerk"], "POST") for s, c in zip(servers, cookies)])]
        per_size = [pages(r["_actors"]) for r in results]
        for column in zip(*per_size):
            page = column[0][0]
            rounds.append((page, [Target(s.port, path, c[who]) for s, c, (_page, who, path) in zip(servers, cookies, column)]))
        # The /healthz floor takes its turns in every round, beside the pages, and
        # its samples are pooled: a slow (or quick) spell of the machine during one
        # round of its own would otherwise move every page's multiple at once.
        floors = [Target(s.port, "/healthz") for s in servers]
        floor_timed = [([], [], set()) for _ in servers]
        samples = [{} for _ in results]
        for page, targets in rounds:
            timed = _time_interleaved(targets + floors, samples=config.samples, warmup=config.warmup)
            for i, page_timed in enumerate(timed[:len(targets)]):
                samples[i][page] = _sample(*page_timed)
            for pooled, floor in zip(floor_timed, timed[len(targets):]):
                pooled[0].extend(floor[0])
                pooled[1].extend(floor[1])
                pooled[2].update(floor[2])
            log(f"{page:<20} p95 " + "  ".join(f"{s[page].p95:7.1f} ms ({s[page].queries} q)" for s in samples))
        for i, pooled in enumerate(floor_timed):
            samples[i]["healthz"] = _sample(*pooled)
        log(f"{'healthz (pooled)':<20} p95 " + "  ".join(f"{s['healthz'].p95:7.1f} ms" for s in samples))
    finally:
        for server in servers:
            server.stop()
    for result, size_samples in zip(results, samples):
        result["samples"] = {k: dataclasses.asdict(v) for k, v in size_samples.items()}


def run_size(config: Config, result: dict) -> dict:
    """What each size measures alone: plans, throughput, registrations, memory, the sweep."""
    name, actors = result["name"], result["_actors"]
    cookies = {who: f"sessionid={actors[who]}" for who in ("clerk", "director", "leader")}
    # Plans of the pages, in-process, before the registrations below add cases.
    page_list = [(page, actors_username(who, actors), path) for page, who, path in pages(actors)]
    result["explain"] = probe(name, "explain", {"pages": page_list})
    result["backlog"] = probe(name, "backlog")
    log(f"{name}: serving with gunicorn")
    server = Server(name, config.port)
    try:
        throughput = {
            "healthz": wrk(config.port, "/healthz", seconds=config.wrk_seconds),
            "insert": wrk(config.port, "/bench/insert/", seconds=config.wrk_seconds, cookie=cookies["clerk"],
                          method="POST", body="x=1"),
        }
        log(f"{name}: floors {throughput['healthz']['rps']:.0f} and {throughput['insert']['rps']:.0f} requests/s")
        registration = {}
        for label in ("spread", "one_office"):
            lines = registration_lines(config.port, actors[label], actors["bench_reason"])
            registration[label] = post_with_wrk(config.port, "/cases/new/", lines, config.wrk_seconds)
            log(f"{name}: registration {label}: {registration[label]['rps']:.1f}/s, "
                f"p95 {registration[label]['p95_us'] / 1000:.0f} ms, errors {registration[label]['status_errors']}")
        lines = online_report_lines(config.port, actors, actors["bench_reason"])
        registration["online"] = post_with_wrk(config.port, f"/o/{actors['office_code']}/report/", lines,
                                               config.wrk_seconds)
        log(f"{name}: online reports: {registration['online']['rps']:.1f}/s, "
            f"p95 {registration['online']['p95_us'] / 1000:.0f} ms, errors {registration['online']['status_errors']}")
        result["numbers"] = probe(name, "numbers")
        result["actions"] = time_actions(config, name, actors)
        result["rss_mb"] = server.peak_rss_mb()
    finally:
        server.stop()
    result["throughput"] = throughput
    result["registration"] = registration

    result["sweep_idle"] = probe(name, "sweep_idle", {"ticks": 20})
    log(f"{name}: sweep with nothing due {result['sweep_idle']['median_ms']:.1f} ms, {result['sweep_idle']['queries']} queries")
    result["sweep_due"] = sweep_due(name, config.due_cases)
    result["summaries"] = probe(name, "daily_summaries")
    log(f"{name}: daily summaries of {result['summaries']['made']} offices in {result['summaries']['ms'] / 1000:.1f} s")
    result["export"] = probe(name, "export", {"rows": EXPORT_ROWS})
    log(f"{name}: export of {result['export']['rows']:,} rows in {result['export']['ms'] / 1000:.1f} s, "
        f"peak RSS {result['export']['peak_rss_mb']} MB")
    probe(name, "cleanup")
    del result["_actors"]
    return result


# Each POST action: who does it, its URL for one prepared case (or work
# order), and its form beside the CSRF token. A success redirects (302).
ACTIONS = {
    "classify": ("leader", "/cases/{}/classify/", lambda p: {"category": p["category"]}),
    "dispatch": ("leader", "/cases/{}/dispatch/",
                 lambda p: {"department": p["department"], "kind": p["kind"], "instruction": "基准测试派单"}),
    "escalate": ("leader", "/cases/{}/escalate/", lambda p: {"escalate-reason": "基准测试：本层级难以解决"}),
    "answer": ("head", "/cases/work-orders/{}/answer/", lambda p: {"answer": "基准测试书面答复"}),
    "close": ("leader", "/cases/{}/close/", lambda p: {}),
}


def csrf_for(port: int, cookie: str) -> tuple[str, str]:
    """The cookie with a CSRF cookie added, and a form token, from a page every
    staff member may open (the navigation's language form carries one)."""
    page = fetch(port, "/cases/inbox/", cookie=cookie)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("set-cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or not (csrf_cookie and token):
        raise RuntimeError(f"no CSRF cookie or token on the inbox (HTTP {page.status})")
    return f"{cookie}; csrftoken={csrf_cookie.group(1)}", token.group(1).decode()


def time_actions(config: Config, name: str, actors: dict) -> dict:
    """Each POST action, one request at a time, each on a case of its own prepared
    in the state it starts from: p50/p95 and the statuses answered."""
    prepared = probe(name, "actions_prepare", {"n": config.action_samples, "leader_username": actors["leader_username"]})
    out = {}
    for action, (who, path, form) in ACTIONS.items():
        cookie, token = csrf_for(config.port, f"sessionid={prepared[who]}")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **form(prepared)})
        times, statuses = [], set()
        for key in prepared[action]:
            response = fetch(config.port, path.format(key), cookie=cookie, method="POST", body=body)
            times.append(response.ms)
            statuses.add(response.status)
        out[action] = {"p50": statistics.median(times), "p95": percentile(times, 95), "n": len(times),
                       "statuses": sorted(statuses)}
        log(f"{name}: {action} p95 {out[action]['p95']:.1f} ms over {len(times)}, statuses {sorted(statuses)}")
    return out


def actors_username(who: str, actors: dict) -> str | None:
    if who == VISITOR:
        return None
    if who in ("leader", "head"):
        return actors[f"{who}_username"]
    return USERNAMES[who]


def sweep_due(name: str, n: int) -> dict:
    """n cases fall due at once: one sweep, then (fresh cases) two sweeps in two processes."""
    out = {}
    added = probe(name, "sweep_due_add", {"n": n})
    alone = probe(name, "sweep_once", {"now": added["now"]})
    out["alone"] = alone | {"verify": probe(name, "sweep_verify")}
    log(f"{name}: {n:,} due cases swept in {alone['ms'] / 1000:.2f} s, {alone['queries']} queries, "
        f"exactly once: {out['alone']['verify']['exactly_once']}")
    added = probe(name, "sweep_due_add", {"n": n})
    two = [probe(name, "sweep_once", {"now": added["now"]}, background=True) for _ in range(2)]
    reports = [collect(process) for process in two]
    out["two"] = {"escalated": [r["escalated"] for r in reports], "ms": max(r["ms"] for r in reports),
                  "verify": probe(name, "sweep_verify")}
    log(f"{name}: two sweeps at once escalated {out['two']['escalated']}, exactly once: {out['two']['verify']['exactly_once']}")
    probe(name, "cleanup")
    return out


# --- the table and the goals ---------------------------------------------------------------------


@dataclasses.dataclass
class Goal:
    what: str
    ok: bool
    detail: str


ROWS = [
    # (key, label, floor multiple allowed, flat?)
    ("desk_clerk", "register list, state=closed, newest first (clerk)", 40, True),
    ("desk_clerk_open", "register list, state=open (clerk)", 40, True),
    ("desk_director", "same list, state=closed (city director, 10 offices)", 40, True),
    ("desk_director_open", "same list, state=open (city director, 10 offices)", 40, True),
    ("search_id", "search by ID number (clerk)", 40, True),
    ("search_phone", "search by phone (clerk)", 40, True),
    ("search_number", "search by case number (clerk)", 40, True),
    ("search_word2", "search for a two-character word, 工伤 (clerk)", 40, True),
    ("search_word3", "search for a three-character word, 档案室 (clerk)", 40, True),
    ("case_page", "a case's page", 40, True),
    ("slip", "its referral slip", 40, True),
    ("leader_queue", "duty leader's queue", 40, True),
    ("review", "director's review", 40, True),
    ("intake_form", "intake form (clerk)", 40, True),
    ("committee_queue", "center committee's queue", 40, True),
    ("party_group_queue", "party group's queue (director)", 40, True),
    ("department_page", "a department's work orders (section head)", 40, True),
    ("work_order", "a work order's page (section head)", 40, True),
    ("department_stats", "department figures (director)", 40, True),
    ("inbox", "inbox (duty leader)", 40, True),
    ("innovations", "institutional innovations (clerk)", 40, True),
    # A month of daily figures: more offices' rows at the larger size, so not flat;
    # held to an absolute p95 (ABSOLUTE_P95_MS) instead.
    ("statistics", "statistics page, this month (city director)", 40, False),
    ("ranking", "monthly ranking (city director)", 40, False),
    # A year's cases of the director's offices, grouped: they grow with the register.
    # Their goal is the absolute p95 below; the multiple (about 330 ms on a 2.2 ms
    # floor) only catches a machine far slower than that.
    ("causes", "where matters fail, a year (city director)", 150, False),
    ("repeated", "repeated matters and reporters, a year (city director)", 150, False),
    ("front_door", "front door (citizen)", 20, True),
    ("report_form", "report form (citizen)", 20, True),
    ("tracking", "tracking page (citizen)", 20, True),
    ("open311_request", "Open311 requests/{id}.json (the office's website)", 20, True),
]
# Pages held to a p95 in milliseconds at the larger size, beside their floor multiple.
ABSOLUTE_P95_MS = {"statistics": 300, "ranking": 300, "causes": 300, "repeated": 300}

ACTION_P95_MS = 150  # each POST action at the larger size
REGISTRATION_SHARE = 0.15  # of the one-row-insert floor, spread over 8 offices
# An Excel export of the register as the city director sees it (bench.probe export).
EXPORT_ROWS = 10_000
EXPORT_SECONDS = 15
SWEEP_DUE_SECONDS = 60  # for 10^4 cases falling due at once


def evaluate(results: list[dict]) -> list[Goal]:
    small, large = results
    goals = []
    # The floor is the same view at both sizes (no database): take the lower p95,
    # so a stray spike in one run's /healthz cannot loosen every goal.
    floor_p95 = min(r["samples"]["healthz"]["p95"] for r in results)
    floor = {r["size"]: floor_p95 for r in results}
    for key, label, multiple, flat in ROWS:
        for r in results:
            s = r["samples"][key]
            if s["status"] != 200:
                goals.append(Goal(f"{label} at {r['size']:,}", False, f"answered HTTP {s['status']}"))
        s_small, s_large = small["samples"][key], large["samples"][key]
        limit = multiple * floor[large["size"]]
        goals.append(Goal(f"{label}: p95 ≤ {multiple}× /healthz at {large['size']:,}", s_large["p95"] <= limit,
                          f"{s_large['p95']:.1f} ms vs {limit:.1f} ms"))
        goals.append(Goal(f"{label}: ≤ 10 queries", (s_large["queries"] or 0) <= 10 and (s_small["queries"] or 0) <= 10,
                          f"{s_small['queries']} and {s_large['queries']}"))
        if flat:
            goals.append(Goal(f"{label}: same queries at both sizes", s_small["queries"] == s_large["queries"],
                              f"{s_small['queries']} vs {s_large['queries']}"))
            goals.append(Goal(f"{label}: p95 at {large['size']:,} ≤ 1.3× p95 at {small['size']:,}",
                              s_large["p95"] <= 1.3 * s_small["p95"], f"{s_large['p95']:.1f} vs {s_small['p95']:.1f} ms"))
    for key, limit_ms in ABSOLUTE_P95_MS.items():
        label = next(label for k, label, *_ in ROWS if k == key)
        goals.append(Goal(f"{label}: p95 ≤ {limit_ms} ms at {large['size']:,}", large["samples"][key]["p95"] <= limit_ms,
                          f"{large['samples'][key]['p95']:.1f} ms"))
    backlog = large["backlog"]["director_open"]
    rows = large["explain"]["desk_director_open"]["rows_read"]
    limit_rows = PAGE * large["actors"]["director_offices"]
    # The page itself should read about a page per office; a bounded count may
    # read up to its bound, but neither may read every open case there is.
    goals.append(Goal("director's open list does not read the whole open backlog", rows < backlog or backlog <= limit_rows,
                      f"its queries read up to {rows:,} rows for a page of {PAGE}; open backlog {backlog:,}"))
    for r in results:
        reg, floors = r["registration"], r["throughput"]
        goals.append(Goal(f"registration spread over 8 offices ≥ {REGISTRATION_SHARE}× the insert floor at {r['size']:,}",
                          reg["spread"]["rps"] >= REGISTRATION_SHARE * floors["insert"]["rps"],
                          f"{reg['spread']['rps']:.1f}/s vs {REGISTRATION_SHARE * floors['insert']['rps']:.1f}/s"))
        goals.append(Goal(f"online reports by 8 citizens ≥ {REGISTRATION_SHARE}× the insert floor at {r['size']:,}",
                          reg["online"]["rps"] >= REGISTRATION_SHARE * floors["insert"]["rps"],
                          f"{reg['online']['rps']:.1f}/s vs {REGISTRATION_SHARE * floors['insert']['rps']:.1f}/s"))
        for action, timed in r["actions"].items():
            goals.append(Goal(f"{action} answered with a redirect every time at {r['size']:,}", timed["statuses"] == [302],
                              f"statuses {timed['statuses']}"))
        goals.append(Goal(f"registration in one office p95 ≤ 300 ms at {r['size']:,}", reg["one_office"]["p95_us"] <= 300_000,
                          f"{reg['one_office']['p95_us'] / 1000:.0f} ms"))
        goals.append(Goal(f"registrations answered without errors at {r['size']:,}",
                          all(reg[k]["status_errors"] == 0 and reg[k]["errors"] == 0 for k in reg),
                          ", ".join(f"{k}: {reg[k]['status_errors']} HTTP errors, {reg[k]['errors']} socket errors" for k in reg)))
        goals.append(Goal(f"numbers gap-free and unique per office and year at {r['size']:,}", r["numbers"]["gap_free"],
                          "ok" if r["numbers"]["gap_free"] else f"bad: {r['numbers']['bad']}"))
        for label in ("alone", "two"):
            v = r["sweep_due"][label]["verify"]
            goals.append(Goal(f"sweep of due cases ({label}) exactly once at {r['size']:,}", v["exactly_once"],
                              f"{v['cases']} cases, {v['audit_rows']} audit rows, {v['notifications']}/"
                              f"{v['expected_notifications']} notifications, {v['not_escalated']} not escalated"))
    goals.append(Goal(f"sweep tick with {large['size']:,} cases and none due ≤ 5 ms",
                      large["sweep_idle"]["median_ms"] <= 5, f"{large['sweep_idle']['median_ms']:.1f} ms"))
    due = large["sweep_due"]["alone"]
    n = due["verify"]["cases"]
    limit_s = SWEEP_DUE_SECONDS * n / 10_000
    goals.append(Goal(f"sweep with {n:,} cases due ≤ {limit_s:g} s", due["ms"] / 1000 <= limit_s,
                      f"{due['ms'] / 1000:.2f} s"))
    summaries = large["summaries"]
    goals.append(Goal(f"the daily summary job makes every office's summary at {large['size']:,} (timed)",
                      summaries["made"] == summaries["offices"] and not summaries["failed"],
                      f"{summaries['made']} of {summaries['offices']} offices in {summaries['ms'] / 1000:.1f} s"))
    export = large["export"]
    goals.append(Goal(f"an export of {export['rows']:,} rows (the worker's build) ≤ {EXPORT_SECONDS} s",
                      export["state"] == "done" and export["ms"] / 1000 <= EXPORT_SECONDS,
                      f"{export['state']}, {export['ms'] / 1000:.1f} s, peak RSS {export['peak_rss_mb']} MB"))
    for action, timed in large["actions"].items():
        goals.append(Goal(f"{action}: p95 ≤ {ACTION_P95_MS} ms at {large['size']:,}", timed["p95"] <= ACTION_P95_MS,
                          f"{timed['p95']:.1f} ms"))
    return goals


def correctness_failures(results: list[dict]) -> list[str]:
    """What the test suite checks: query counts flat, pages answer, numbers and the sweep right. Never timings."""
    small, large = results
    failures = []
    for key, *_ in ROWS:
        for r in results:
            if r["samples"][key]["status"] != 200:
                failures.append(f"{key} answered {r['samples'][key]['status']} at {r['size']}")
        if small["samples"][key]["queries"] != large["samples"][key]["queries"]:
            failures.append(f"{key}: {small['samples'][key]['queries']} queries at {small['size']}, "
                            f"{large['samples'][key]['queries']} at {large['size']}")
    for r in results:
        if not r["numbers"]["gap_free"]:
            failures.append(f"numbers not gap-free at {r['size']}: {r['numbers']['bad']}")
        for label in ("spread", "one_office"):
            reg = r["registration"][label]
            if reg["status_errors"] or reg["errors"] or reg["requests"] == 0:
                failures.append(f"registration {label} at {r['size']}: {reg}")
        for label in ("alone", "two"):
            if not r["sweep_due"][label]["verify"]["exactly_once"]:
                failures.append(f"sweep {label} at {r['size']}: {r['sweep_due'][label]['verify']}")
        for action, timed in r["actions"].items():
            if timed["statuses"] != [302]:
                failures.append(f"{action} at {r['size']} answered {timed['statuses']}")
        if r["summaries"]["made"] != r["summaries"]["offices"] or r["summaries"]["failed"]:
            failures.append(f"daily summaries at {r['size']}: {r['summaries']}")
        if r["export"]["state"] != "done" or not r["export"]["rows"]:
            failures.append(f"export at {r['size']}: {r['export']}")
    return failures


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    admin = admin_connection()
    with admin.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    admin.close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
            "postgres": pg, "python": sys.version.split()[0], "commit": commit,
            "date": datetime.datetime.now().astimezone().isoformat(timespec="minutes")}


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def render(results: list[dict], goals: list[Goal], info: dict) -> str:
    small, large = results
    a, b = f"{small['size']:,}", f"{large['size']:,}"
    out = [f"# Benchmark: {a} and {b} cases", "",
           f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM; PostgreSQL {info['postgres']}; "
           f"Python {info['python']}; commit {info['commit']}; {info['date']}.",
           "gunicorn 3 sync workers, `windowdesk.settings_bench` (DEBUG off, CONN_MAX_AGE 600). "
           "Latencies: one client in sequence, the two sizes taking turns of ten requests, ms, new connection per request. "
           "/healthz takes its turns in every page's round, and its samples are pooled. ×floor = p95 / p95 of /healthz "
           "at the same size (the goals use the lower /healthz p95 of the two sizes). "
           "q = SQL queries per request (* = varied between requests; the usual count shown).", ""]
    for r in results:
        d = r["database"]
        seeded = f"reused ({d['cases']:,} cases)" if d["reused"] else f"seeded: {d['seed_line']}"
        out.append(f"- `{d['database']}`: {seeded}")
    rows = [r["actors"]["search_rows"] for r in results]
    out.append(f"- searches find as many cases at both sizes where the smaller has them: by ID number "
               f"{rows[0]['id']} and {rows[1]['id']}, by phone {rows[0]['phone']} and {rows[1]['phone']}")
    out += ["", f"| what | {a}: p50 | p95 | q | ×floor | {b}: p50 | p95 | q | ×floor | {b}/{a} p95 | goal |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]

    def line(label, key, goal):
        cells = []
        for r in results:
            s = r["samples"][key]
            floor = r["samples"]["healthz"]["p95"]
            cells += [fmt(s["p50"]), fmt(s["p95"]), "—" if s["queries"] is None else f"{s['queries']}{'*' if s['queries_vary'] else ''}",
                      f"{s['p95'] / floor:.1f}×"]
        ratio = large["samples"][key]["p95"] / max(small["samples"][key]["p95"], 1e-9)
        out.append(f"| {label} | {' | '.join(cells)} | {ratio:.2f} | {goal} |")

    line("floor: /healthz", "healthz", "—")
    line("floor: one-row insert (logged in)", "insert", "—")
    for key, label, multiple, flat in ROWS:
        line(label, key, f"≤ {multiple}× floor; ≤ 10 q, flat; ≤ 1.3× across sizes" if flat
             else f"≤ {multiple}× floor; ≤ 10 q" + (f"; p95 ≤ {ABSOLUTE_P95_MS[key]} ms" if key in ABSOLUTE_P95_MS else ""))
    out += ["", "| what | " + a + " | " + b + " | goal |", "|---|---|---|---|"]

    def row(label, fn, goal):
        out.append(f"| {label} | {fn(small)} | {fn(large)} | {goal} |")

    row("/healthz with wrk (8 connections)", lambda r: f"{r['throughput']['healthz']['rps']:,.0f} req/s", "—")
    row("one-row insert with wrk (8 connections)", lambda r: f"{r['throughput']['insert']['rps']:,.0f} req/s", "—")
    for label, key in (("registration, 8 clerks over 8 offices", "spread"), ("registration, 8 clerks in one office", "one_office"),
                       ("online reports, 8 citizens to one office", "online")):
        row(label, lambda r, k=key: (f"{r['registration'][k]['rps']:,.1f} req/s "
                                     f"({r['registration'][k]['rps'] / r['throughput']['insert']['rps']:.2f}× insert), "
                                     f"p95 {r['registration'][k]['p95_us'] / 1000:,.0f} ms, "
                                     f"{r['registration'][k]['status_errors']} errors"),
            "p95 ≤ 300 ms" if key == "one_office" else f"≥ {REGISTRATION_SHARE}× insert floor")
    for action in ACTIONS:
        row(f"{action} (POST, one at a time, a case each)", lambda r, a=action: (
            f"p50 {r['actions'][a]['p50']:.1f} ms, p95 {r['actions'][a]['p95']:.1f} ms over {r['actions'][a]['n']}"),
            f"p95 ≤ {ACTION_P95_MS} ms at the larger size")
    row("numbers issued", lambda r: ("gap-free, unique" if r["numbers"]["gap_free"] else "GAPS/REPEATS")
        + f" ({sum(r['numbers']['registered'].values())} registered)", "gap-free, unique per office and year")
    row("sweep tick, none due (in-process)", lambda r: f"{r['sweep_idle']['median_ms']:.1f} ms median, "
        f"{r['sweep_idle']['p95_ms']:.1f} p95, {r['sweep_idle']['queries']} q", "≤ 5 ms")
    row("sweep, cases falling due at once", lambda r: (
        f"{r['sweep_due']['alone']['verify']['cases']:,} cases in {r['sweep_due']['alone']['ms'] / 1000:.2f} s, "
        f"{r['sweep_due']['alone']['queries'] / max(r['sweep_due']['alone']['verify']['cases'], 1):.3f} q/case, "
        f"{r['sweep_due']['alone']['verify']['audit_rows']:,} audit rows, "
        f"{r['sweep_due']['alone']['verify']['notifications']:,} notifications"),
        f"≤ {SWEEP_DUE_SECONDS} s for 10⁴; exactly once")
    row("same, two sweeps at once (two processes)", lambda r: (
        f"{r['sweep_due']['two']['escalated']} escalated, {r['sweep_due']['two']['ms'] / 1000:.2f} s, exactly once: "
        f"{'yes' if r['sweep_due']['two']['verify']['exactly_once'] else 'NO'}"), "exactly once")
    row("daily summary job, every office's latest working day (in-process)", lambda r: (
        f"{r['summaries']['made']} summaries in {r['summaries']['ms'] / 1000:.1f} s, {r['summaries']['queries']:,} q"),
        "timed")
    row(f"an export of {EXPORT_ROWS:,} rows of the register (the worker, in-process)", lambda r: (
        f"{r['export']['rows']:,} rows in {r['export']['ms'] / 1000:.1f} s ({r['export']['us_per_row']:.0f} µs/row), "
        f"{r['export']['file_mb']} MB, peak RSS {r['export']['peak_rss_mb']} MB"), f"≤ {EXPORT_SECONDS} s")
    row("rows read by the director's open list", lambda r: f"{r['explain']['desk_director_open']['rows_read']:,} "
        f"(open backlog {r['backlog']['director_open']:,})", f"≤ {PAGE} × offices")
    row("peak RSS of a gunicorn worker", lambda r: f"{r['rss_mb']:.0f} MB", "reported")
    missed = [g for g in goals if not g.ok]
    out += ["", f"## Goals: {len(goals) - len(missed)} met, {len(missed)} missed", ""]
    out += [f"- **MISSED** {g.what}: {g.detail}" for g in missed] or ["- every goal met"]
    out += ["", "Slowest queries with their plans at the larger size: `bench/explain/`."]
    return "\n".join(out) + "\n"


def write_explain(directory: Path, result: dict) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for page, data in result["explain"].items():
        text = [f"# {page} at {result['size']:,} cases: {data['queries']} queries, {data['ms']:.1f} ms in-process, "
                f"reads up to {data['rows_read']:,} rows", ""]
        for plan in data["plans"]:
            text += [f"## {plan['ms']:.2f} ms, reads up to {plan['rows_read']:,} rows", "", plan["sql"], "", plan["plan"], ""]
        (directory / f"{page}.txt").write_text("\n".join(text))
    idle = result["sweep_idle"]
    text = [f"# sweep tick with nothing due at {result['size']:,} cases: {idle['median_ms']:.2f} ms median, "
            f"{idle['queries']} queries", ""]
    for plan in idle.get("plans", []):
        text += [f"## {plan['ms']:.2f} ms", "", plan["sql"], "", plan["plan"], ""]
    (directory / "sweep_idle.txt").write_text("\n".join(text))


def run(config: Config) -> tuple[list[dict], list[Goal], str]:
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        sys.exit("make bench needs wrk (apt-get install wrk).")
    started = time.monotonic()
    results = []
    search_rows = None  # the smaller size's, so both sizes search for as many rows
    for size in config.sizes:
        results.append(prepare_size(config, size, search_rows=search_rows))
        search_rows = search_rows or results[-1]["actors"]["search_rows"]
    measure_latencies(config, results)
    for result in results:
        run_size(config, result)
    goals = evaluate(results)
    info = machine()
    report = render(results, goals, info)
    if config.results:
        config.results.write_text(report)
    if config.explain_dir:
        write_explain(config.explain_dir, results[-1])
    log(f"done in {time.monotonic() - started:.0f} s")
    return results, goals, report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 1_000_000)))
    parser.add_argument("--samples", type=int)
    args = parser.parse_args(argv)
    server_url()
    config = Config(scale=args.scale)
    if args.scale <= 1000:
        config = Config.small(scale=args.scale)
    if args.samples:
        config.samples = args.samples
    _results, goals, report = run(config)
    print()
    print(report)
    missed = [g for g in goals if not g.ok]
    if missed:
        print("=" * 72, file=sys.stderr)
        print(f"BENCHMARK FAILED: {len(missed)} goal(s) missed:", file=sys.stderr)
        for goal in missed:
            print(f"  - {goal.what}: {goal.detail}", file=sys.stderr)
        print("=" * 72, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

