"""Realistic data at provincial scale, written in bulk (`python -m bench.seed`).

About fifty offices (a few city bureaus, each overseeing its county bureaus),
staff for every role in each, a duty rota, and N cases over a few years: most
closed, a few thousand open at each tier with clocks the sweep can trust,
some overdue before the party group, some with work orders, tier spans, audit
rows and notifications. People come back: a pool of persons (valid GB 11643
ID numbers, phones) is drawn from with a skew, so one person has several cases
in the same office, as in life.

Speed is the point. Encrypting an identifier with Fernet costs ~20 µs and
deriving its keyed hash ~4 µs, so every person of the pool is encrypted and
hashed once and the ciphertext reused for all their cases (a Fernet token of
the same plaintext differs each time, but one token per person is what a
deployment that copies a person's details would store too). Rows go to
PostgreSQL with COPY from an in-memory buffer and explicit ids reserved from
the tables' sequences, so cases, spans, audit rows and work orders refer to
each other without reading anything back. SQLite gets a plain executemany,
fine for a few thousand cases.

Case numbers are gap-free per office and local year and continue the
existing CaseNumberCounter rows, so running the seed again adds cases after
the last number and a clerk's next registration continues the sequence.
"""

import collections
import dataclasses
import datetime
import io
import itertools
import json
import random
import secrets
import time
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from cases import pii
from cases.models import Case, CaseNumberCounter
from cases.services import tiers
from cases.services.numbering import format_case_number
from routing import clock, roles
from routing.models import BusinessArea, Department, DutyAssignment, Office, User

ZONE = ZoneInfo("Asia/Shanghai")
SCALE_PASSWORD = "windowdesk-scale"

CITY_NAMES = ["丹东", "锦州", "营口", "阜新", "辽阳", "铁岭", "朝阳", "盘锦", "葫芦岛", "本溪", "抚顺", "鞍山"]
COUNTY_NAMES = ["东港", "凤城", "宽甸", "振安", "元宝", "振兴", "黑山", "义县", "凌海", "北镇", "盖州", "大石桥",
                "彰武", "清河", "灯塔", "弓长岭", "开原", "昌图", "西丰", "建平", "凌源", "大洼", "盘山", "兴城",
                "绥中", "建昌"]
BUSINESS_AREAS = ["养老保险", "医疗保险", "失业保险", "就业", "工伤保险", "劳动关系", "人事档案", "其他"]
DEPARTMENTS = [("养老保险科", "section", False), ("医疗保险科", "section", False), ("就业促进科", "section", False),
               ("劳动关系科", "section", False), ("社保中心", "center", False), ("养老保险窗口", "section", True),
               ("医保窗口", "section", True), ("外省养老保险经办机构", "external", False)]

# (username suffix, role group, title). Eight clerks so the benchmark can put
# eight concurrent clerks in one office; two duty leaders take turns on the rota.
STAFF = [
    *[(f"clerk{i}", roles.CLERK, "窗口工作人员") for i in range(1, 9)],
    ("leader1", roles.DUTY_LEADER, "副局长（值班领导）"),
    ("leader2", roles.DUTY_LEADER, "副局长（值班领导）"),
    ("head1", roles.SECTION_HEAD, "科长"),
    ("head2", roles.SECTION_HEAD, "科长"),
    ("committee1", roles.COMMITTEE, "中心党委委员"),
    ("committee2", roles.COMMITTEE, "中心党委委员"),
    ("committee3", roles.COMMITTEE, "中心党委委员"),
    ("director", roles.PARTY_GROUP, "局长"),
    ("party1", roles.PARTY_GROUP, "党组成员"),
    ("inspector", roles.DISCIPLINE, "纪检组长"),
    ("admin", roles.ADMINISTRATOR, "系统管理员"),
]

FAMILY = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
         "平", "刚", "桂英", "建国", "建华", "秀兰", "玉兰", "志强", "海燕", "晓红", "春梅", "国庆", "德明", "淑珍", "宝山"]
MATTERS = {
    "养老保险": ["办理养老保险关系转移", "咨询退休年龄和养老金领取条件", "办理灵活就业人员参保登记", "补缴历史欠缴养老保险费"],
    "医疗保险": ["办理异地就医备案", "申报门诊慢特病待遇", "报销住院医疗费用", "变更医保参保地"],
    "失业保险": ["申领失业保险金", "查询失业保险金发放进度", "申请稳岗返还"],
    "就业": ["申请一次性创业补贴", "办理就业失业登记", "申请职业技能培训补贴"],
    "工伤保险": ["申请工伤认定", "申请劳动能力鉴定", "报销工伤医疗费用"],
    "劳动关系": ["咨询解除劳动合同的经济补偿", "投诉单位拖欠工资", "咨询劳务派遣用工规定"],
    "人事档案": ["调取本人人事档案材料", "办理档案转递", "补办档案遗失材料"],
    "其他": ["补办社会保障卡", "咨询政策文件出处", "反映网上办事系统故障"],
}
FAILURE_REASONS = ["外省数据未传", "材料不全被窗口退回", "系统显示信息不符", "窗口说不属于本单位业务", "热线多次未打通",
                   "单位未按时申报", "政策规定不清楚", "历史遗留问题无法认定", "经办人员推诿", "网上办理流程中断"]
FAILED_AT = ["养老保险窗口", "医保窗口", "就业失业登记窗口", "工伤保险科", "人事档案室", "劳动关系科", ""]
RESULTS = ["已当场办结，群众满意。", "已出具一次性告知单，引导到常规窗口办理。", "经协调相关科室，已办结并电话回访。",
           "已按政策作出书面答复，群众认可。", "经值班领导协调，当日办结。"]
INSTRUCTIONS = ["请养老保险科当日核实并答复", "协调社保中心调取外省数据", "约请群众补充材料后办理", "提交中心党委研究"]
ANSWERS = ["已核实，按规定办理完毕。", "经查，材料齐全后可当场办理，已告知群众。", "已联系外省经办机构，数据已传回。"]

CHANNELS = (("window", 50), ("hotline", 25), ("business_line", 10), ("website", 15))
CATEGORIES = (("citizen", 85), ("staff", 10), ("objective", 5))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights, k=1)[0]


def id_number(region: str, birth: datetime.date, sequence: int) -> str:
    """A valid GB 11643 ID number: 17 digits and the check character of their weighted sum modulo 11."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, pii._WEIGHTS)) % 11]


# --- bulk writing -----------------------------------------------------------------------

_PG_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _pg(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_PG_ESCAPE)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


class BulkWriter:
    """COPY on PostgreSQL, executemany elsewhere; counts rows for the progress line."""

    def __init__(self, progress):
        self.progress = progress
        self.rows = 0
        self.started = time.monotonic()
        self.postgres = connection.vendor == "postgresql"

    def reserve_ids(self, table: str, n: int) -> int:
        """The first of `n` consecutive ids nobody else will be given."""
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s)", [sequence])
                first = cursor.fetchone()[0]
                if n > 1:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
                return first
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - our own table names
            return cursor.fetchone()[0]

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                buffer.write("\n".join("\t".join(map(_pg, row)) for row in rows))
                buffer.write("\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
            else:
                adapt = connection.ops.adapt_datetimefield_value
                converted = [tuple(adapt(v) if isinstance(v, datetime.datetime) else
                                   v.isoformat() if isinstance(v, datetime.date) else v for v in row) for row in rows]
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", converted)  # noqa: S608
        self.rows += len(rows)

    def report(self, what: str) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.progress(f"{what}: {self.rows:,} rows in {elapsed:.0f} s ({self.rows / elapsed:,.0f} rows/s)")


CASE_COLUMNS = (
    "id", "number", "year", "sequence", "channel", "reporter_name", "reporter_phone", "reporter_phone_hash",
    "reporter_id_number", "reporter_id_hash", "on_behalf", "subject_name", "subject_id_number", "subject_id_hash",
    "subject_relation", "matter", "failed_at", "failure_reason", "category", "leader_instruction", "result", "state",
    "registered_at", "resolved_at", "closed_at", "business_area_id", "closed_by_id", "office_id", "registered_by_id",
    "decided_on", "due_at", "duty_leader_id", "overdue_flagged_on", "party_group_decision", "pause_reason", "paused_at",
    "paused_seconds", "tier_days", "tier_entered_at", "warn_at", "escalated_at",
    "tracking_token", "public_answer", "reporter_confidential", "consented_at", "triage",
)
CASE_DEFAULTS = dict.fromkeys(CASE_COLUMNS, None) | {
    "on_behalf": False, "subject_name": "", "subject_id_hash": "", "subject_relation": "", "failed_at": "",
    "category": "", "leader_instruction": "", "result": "", "party_group_decision": "", "pause_reason": "",
    "paused_seconds": 0, "reporter_phone_hash": "", "reporter_id_hash": "",
    "public_answer": "", "reporter_confidential": False,
    "triage": "",  # every seeded case is registered by a clerk: none waits for triage
}
SPAN_COLUMNS = ("tier", "entered_at", "due_at", "left_at", "exit", "reason", "case_id", "holder_id", "left_by_id")
AUDIT_COLUMNS = ("at", "action", "from_state", "to_state", "reason", "data", "actor_id", "office_id", "case_id")
WORK_ORDER_COLUMNS = (
    "id", "kind", "instruction", "state", "dispatched_at", "days", "original_due_at", "due_at", "warn_at",
    "overdue_notified", "paused_at", "pause_reason", "paused_seconds", "final", "signed_at", "answer", "answered_at",
    "return_reason", "returned_at", "answered_by_id", "case_id", "department_id", "dispatched_by_id", "previous_id",
    "returned_by_id", "signed_by_id",
)
NOTIFICATION_COLUMNS = ("kind", "key", "message", "created_at", "read_at", "emailed_at", "case_id", "recipient_id",
                        "work_order_id")


# --- the organisation ----------------------------------------------------------------------


@dataclasses.dataclass
class OfficePlan:
    office: Office
    region: str
    weight: int
    staff: dict[str, int]          # suffix -> user id
    areas: list[tuple[int, str]]   # (id, name)
    departments: list[int]
    people: list = dataclasses.field(default_factory=list)

    def ids(self, prefix: str) -> list[int]:
        return [pk for suffix, pk in self.staff.items() if suffix.startswith(prefix)]

    @property
    def leaders(self):
        return self.ids("leader")

    def leader_on(self, day: datetime.date) -> int:
        """The rota's rule (see `ensure_rota`): the two duty leaders take turns by day."""
        return self.leaders[day.toordinal() % 2]


def office_codes(n: int) -> list[tuple[str, str, str | None, str]]:
    """(code, name, parent code, ID region) of `n` offices: a city bureau per ten, counties below."""
    cities = max(1, round(n / 10))
    plan = []
    for c in range(cities):
        city = CITY_NAMES[c] if c < len(CITY_NAMES) else f"第{c + 1}"
        plan.append((f"S{c + 1:02d}", f"{city}市人社局", None, f"21{c + 1:02d}00"))
    for i in range(n - cities):
        c, k = i % cities, i // cities
        city = plan[c][1].removesuffix("市人社局")
        county = COUNTY_NAMES[(c * 7 + k) % len(COUNTY_NAMES)]
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        suffix = letters[k] if k < 26 else letters[k // 26 - 1] + letters[k % 26]
        plan.append((f"S{c + 1:02d}{suffix}", f"{city}·{county}第{k + 1}区县人社局", f"S{c + 1:02d}", f"21{c + 1:02d}{k + 1:02d}"))
    return plan


def _weight(code: str, parent_code: str | None) -> int:
    """Each office's share of the cases: a city bureau three times a county's, the
    first (the provincial capital's hall, the busiest) six times."""
    if parent_code is not None:
        return 1
    return 6 if code == "S01" else 3


def ensure_organisation(n_offices: int, progress) -> list[OfficePlan]:
    """Offices, business areas, departments, staff with their roles and a rota; existing ones are kept."""
    plans = []
    by_code = {o.code: o for o in Office.objects.filter(code__in=[c for c, *_ in office_codes(n_offices)])}
    for code, name, parent_code, region in office_codes(n_offices):
        office = by_code.get(code)
        if office is None:
            office = Office.objects.create(code=code, name=name, parent=by_code.get(parent_code) if parent_code else None)
            by_code[code] = office
        plans.append(OfficePlan(office=office, region=region, weight=_weight(code, parent_code),
                                staff={}, areas=[], departments=[]))
    offices = [p.office for p in plans]

    BusinessArea.objects.bulk_create(
        [BusinessArea(office=o, name=name, position=i) for o in offices for i, name in enumerate(BUSINESS_AREAS)],
        ignore_conflicts=True)
    Department.objects.bulk_create(
        [Department(office=o, name=name, kind=kind, is_regular_window=window) for o in offices
         for name, kind, window in DEPARTMENTS], ignore_conflicts=True)

    password = make_password(SCALE_PASSWORD)
    rng = random.Random(7)
    wanted = {f"{o.code.lower()}_{suffix}": (o, role, title) for o in offices for suffix, role, title in STAFF}
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    User.objects.bulk_create([
        User(username=username, password=password, office=o, title=title, last_name=rng.choice(FAMILY),
             first_name=rng.choice(GIVEN), is_staff=role == roles.ADMINISTRATOR)
        for username, (o, role, title) in wanted.items() if username not in existing])
    users = dict(User.objects.filter(username__in=wanted).values_list("username", "id"))
    groups = dict(Group.objects.values_list("name", "id"))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=users[username], group_id=groups[role])
         for username, (_o, role, _t) in wanted.items()], ignore_conflicts=True)

    areas = {}
    for pk, office_id, name in BusinessArea.objects.filter(office__in=offices).order_by("position").values_list("id", "office_id", "name"):
        areas.setdefault(office_id, []).append((pk, name))
    departments = {}
    for pk, office_id in Department.objects.filter(office__in=offices).values_list("id", "office_id"):
        departments.setdefault(office_id, []).append(pk)
    for plan in plans:
        prefix = f"{plan.office.code.lower()}_"
        plan.staff = {suffix: users[prefix + suffix] for suffix, _r, _t in STAFF}
        plan.areas = areas[plan.office.pk]
        plan.departments = sorted(departments[plan.office.pk])
        heads = plan.ids("head")
        for i, pk in enumerate(plan.departments):
            Department.objects.filter(pk=pk, head__isnull=True).update(head_id=heads[i % len(heads)])
    ensure_rota(plans)
    progress(f"organisation: {len(plans)} offices, {len(users)} staff")
    return plans


def ensure_rota(plans: list[OfficePlan], *, before: int = 120, after: int = 120) -> None:
    """Duty leaders on every working day around today (the two leaders take turns)."""
    today = timezone.localdate()
    days = [today + datetime.timedelta(days=d) for d in range(-before, after + 1)]
    days = [d for d in days if clock.is_working_day(d)]
    DutyAssignment.objects.bulk_create(
        [DutyAssignment(office=p.office, day=d, leader_id=p.leader_on(d), assigned_by_id=p.staff["admin"])
         for p in plans for d in days], ignore_conflicts=True)


# --- people ---------------------------------------------------------------------------------


def build_people(plans: list[OfficePlan], total: int, rng: random.Random, progress) -> None:
    """A pool of persons per office, each encrypted and hashed once."""
    started = time.monotonic()
    encrypt = Case._meta.get_field("reporter_id_number").get_prep_value
    weights = sum(p.weight for p in plans)
    seen = set()
    count = 0
    for plan in plans:
        n = max(20, total * plan.weight // weights)
        people = []
        while len(people) < n:
            birth = datetime.date(1945, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 60))
            number = id_number(plan.region, birth, rng.randrange(1000))
            if number in seen:
                continue
            seen.add(number)
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            name = rng.choice(FAMILY) + rng.choice(GIVEN)
            people.append((name, encrypt(number), pii.id_hash(number), encrypt(phone), pii.phone_hash(phone)))
        plan.people = people
        count += n
    elapsed = time.monotonic() - started
    progress(f"people: {count:,} persons encrypted and hashed once in {elapsed:.1f} s "
             f"({count * 2 / max(elapsed, 1e-6):,.0f} values/s)")


def _person(plan: OfficePlan, rng: random.Random):
    # Skewed: a few persons come back many times, most once or twice.
    return plan.people[int(len(plan.people) * rng.random() ** 1.25)]


# --- cases ----------------------------------------------------------------------------------


class _OfficeClock:
    """What `tiers.deadline` reads from a case: only its office."""

    def __init__(self, office):
        self.office = office


def _working_time(rng: random.Random, day: datetime.date, channel: str) -> datetime.datetime:
    if channel in ("window", "business_line"):
        minutes = 8 * 60 + 30 + rng.randrange(8 * 60 + 30)
    else:
        minutes = 7 * 60 + rng.randrange(15 * 60)
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60, rng.randrange(60)), ZONE)


def _random_moment(rng: random.Random, start: datetime.datetime, end: datetime.datetime, channel: str) -> datetime.datetime:
    span_days = max(1, (end.date() - start.date()).days)
    for _ in range(20):
        day = start.date() + datetime.timedelta(days=rng.randrange(span_days + 1))
        if channel in ("window", "business_line") and day.weekday() >= 5:
            continue
        moment = _working_time(rng, day, channel)
        if start <= moment <= end:
            return moment
    return end - datetime.timedelta(seconds=rng.randrange(3600))


@dataclasses.dataclass
class Counts:
    registered: int
    tier1: int
    tier2: int
    tier3: int
    resolved: int

    @classmethod
    def for_total(cls, n: int) -> "Counts":
        """A few thousand open at each tier for a million cases, never none."""
        if n < 200:
            return cls(registered=1, tier1=max(3, n // 20), tier2=max(2, n // 40), tier3=max(1, n // 60), resolved=2)
        return cls(registered=max(2, n // 20000), tier1=max(30, n * 4 // 1000), tier2=max(20, n * 3 // 1000),
                   tier3=max(10, n * 2 // 1000), resolved=max(10, n * 5 // 1000))


class CaseFactory:
    """Rows of one case and of what hangs from it (spans, audit, work orders, notices)."""

    def __init__(self, writer: BulkWriter, rng: random.Random, now: datetime.datetime):
        self.writer = writer
        self.rng = rng
        self.now = now
        self.today = timezone.localtime(now, ZONE).date()
        self.cases, self.spans, self.audit, self.orders, self.notes = [], [], [], [], []
        self.next_order_id = None
        self.offices_with_orders = set()
        self.floor_orders = collections.Counter()  # office -> open orders given to its first section head
        self.answered_floor = collections.Counter()  # office -> answered orders given by the recent floor

    # -- one case --------------------------------------------------------------------------

    def case(self, plan: OfficePlan, *, pk: int, number: str, year: int, sequence: int, state: str,
             registered_at: datetime.datetime, channel: str, with_id: bool = False, **fields) -> dict:
        rng = self.rng
        area_id, area_name = rng.choice(plan.areas)
        name, enc_id, id_hash, enc_phone, phone_hash = _person(plan, rng)
        row = CASE_DEFAULTS | {
            "id": pk, "number": number, "year": year, "sequence": sequence, "channel": channel,
            "reporter_name": name, "state": state, "registered_at": registered_at, "office_id": plan.office.pk,
            "business_area_id": area_id, "registered_by_id": plan.staff[f"clerk{rng.randrange(1, 9)}"],
            "matter": rng.choice(MATTERS[area_name]), "failure_reason": rng.choice(FAILURE_REASONS),
            "failed_at": rng.choice(FAILED_AT),
            "tracking_token": secrets.token_urlsafe(32),  # unique per case, as the model's default gives
        }
        if channel != "website" or rng.random() < 0.5:
            row["reporter_phone"], row["reporter_phone_hash"] = enc_phone, phone_hash
        if rng.random() < 0.85 or with_id:  # the draw first: the seed gives the same cases either way
            row["reporter_id_number"], row["reporter_id_hash"] = enc_id, id_hash
        if rng.random() < 0.1:
            s_name, s_enc, s_hash, _p, _h = _person(plan, rng)
            row.update(on_behalf=True, subject_name=s_name, subject_id_number=s_enc, subject_id_hash=s_hash,
                       subject_relation=rng.choice(["父亲", "母亲", "邻居", "配偶", "子女"]))
        row.update(fields)
        self.cases.append(tuple(row[c] for c in CASE_COLUMNS))
        return row

    def span(self, case_id, tier, entered, due, *, left=None, exit="", holder=None, left_by=None, reason=""):
        self.spans.append((tier, entered, due, left, exit, reason, case_id, holder, left_by))

    def event(self, row, at, action, from_state="", to_state="", actor=None, reason="", data="{}"):
        self.audit.append((at, action, from_state, to_state, reason, data, actor, row["office_id"], row["id"]))

    def deadline(self, plan: OfficePlan, start: datetime.datetime, days: int):
        return tiers.deadline(_OfficeClock(plan.office), start=start, days=days)

    # -- the life of a case, by state -----------------------------------------------------

    def closed(self, plan, row_fields, *, escalated: bool, detailed: bool, answered_order: bool = False) -> None:
        rng = self.rng
        reg = row_fields["registered_at"]
        leader = plan.leader_on(reg.date())
        category = _weighted(rng, CATEGORIES)
        if escalated:
            due1, _w = self.deadline(plan, reg, plan.office.tier1_days)
            resolved = due1 + datetime.timedelta(hours=rng.uniform(2, 60))
        else:
            resolved = reg + datetime.timedelta(minutes=rng.uniform(3, 60 * 24 * (3 if rng.random() < 0.2 else 0.1)))
        resolved = min(resolved, self.now - datetime.timedelta(minutes=5))
        closed = min(resolved + datetime.timedelta(minutes=rng.uniform(0, 90)), self.now)
        closer = plan.staff["clerk1"] if not escalated else leader
        row = self.case(plan, **row_fields, category=category, result=rng.choice(RESULTS), resolved_at=resolved,
                        closed_at=closed, closed_by_id=closer, duty_leader_id=leader,
                        escalated_at=due1 if escalated else None)
        if not (escalated or detailed):
            return
        self.event(row, reg, "case.registered", to_state="registered", actor=row["registered_by_id"])
        self.event(row, reg, "case.accepted", "registered", "tier1", actor=row["registered_by_id"])
        if escalated:
            self.span(row["id"], "tier1", reg, due1, left=due1, exit="escalated_by_timer", holder=leader,
                      reason="time limit reached")
            due2, _w = self.deadline(plan, due1, plan.office.tier2_days)
            self.span(row["id"], "tier2", due1, due2, left=resolved, exit="resolved", left_by=plan.staff["committee1"])
            self.event(row, due1, "case.escalated", "tier1", "tier2", reason="time limit reached")
            if rng.random() < 0.2:
                self.work_order(plan, row, dispatched=due1 + datetime.timedelta(hours=1), closed_by=resolved)
        else:
            self.span(row["id"], "tier1", reg, reg + datetime.timedelta(days=1), left=resolved, exit="resolved",
                      left_by=closer)
        if answered_order:
            # Every department once, then the first one (its section head's page of answered orders).
            given = self.answered_floor[plan.office.pk]
            self.answered_floor[plan.office.pk] += 1
            department = plan.departments[given] if given < len(plan.departments) else plan.departments[0]
            self.work_order(plan, row, dispatched=reg + (resolved - reg) / 3, closed_by=resolved, department=department)
        self.event(row, resolved, "case.resolved", "tier2" if escalated else "tier1", "resolved", actor=closer)
        self.event(row, closed, "case.closed", "resolved", "closed", actor=closer)

    def resolved(self, plan, row_fields) -> None:
        rng = self.rng
        reg = row_fields["registered_at"]
        resolved = min(reg + datetime.timedelta(hours=rng.uniform(1, 48)), self.now - datetime.timedelta(minutes=1))
        leader = plan.leader_on(reg.date())
        row = self.case(plan, **row_fields, category=_weighted(rng, CATEGORIES), result=rng.choice(RESULTS),
                        resolved_at=resolved, duty_leader_id=leader)
        self.event(row, reg, "case.registered", to_state="registered", actor=row["registered_by_id"])
        self.span(row["id"], "tier1", reg, reg + datetime.timedelta(days=1), left=resolved, exit="resolved", left_by=leader)
        self.event(row, resolved, "case.resolved", "tier1", "resolved", actor=leader)

    def registered(self, plan, row_fields) -> None:
        row = self.case(plan, **row_fields)
        self.event(row, row["registered_at"], "case.registered", to_state="registered", actor=row["registered_by_id"])

    def in_tier(self, plan, row_fields, tier: str, entered: datetime.datetime, *, paused: bool) -> None:
        """An open case at `tier`, its clock set as `tiers.enter_tier` would have set it at `entered`."""
        rng, office = self.rng, plan.office
        days = {"tier1": office.tier1_days, "tier2": office.tier2_days, "tier3": office.tier3_days}[tier]
        due, warn = self.deadline(plan, entered, days)
        reg = row_fields["registered_at"]
        leader = plan.leader_on(timezone.localtime(reg, ZONE).date())
        fields = {"tier_entered_at": entered, "tier_days": days, "due_at": due, "duty_leader_id": leader,
                  "warn_at": warn if warn > self.now else None}  # a passed warning was given (warn_at cleared)
        # The first escalated case of each office gets a work order (below), a
        # category and an ID number: the case page the benchmark times shows all of
        # them at every size, so its queries are the same at both.
        first_escalated = tier != "tier1" and plan.office.pk not in self.offices_with_orders
        if rng.random() < 0.5 or first_escalated:
            fields["category"] = _weighted(rng, CATEGORIES)
            fields["leader_instruction"] = rng.choice(INSTRUCTIONS)
        if paused:
            fields.update(paused_at=max(entered, self.now - datetime.timedelta(hours=rng.uniform(1, 72))),
                          pause_reason="等待群众补充材料", warn_at=None)
        elif tier == "tier3" and due <= self.now:
            fields["overdue_flagged_on"] = self.today  # flagged to the party group today already
        if tier != "tier1":
            fields["escalated_at"] = row_fields.pop("_escalated_at")
        row = self.case(plan, **row_fields, **fields, with_id=first_escalated)
        self.event(row, reg, "case.registered", to_state="registered", actor=row["registered_by_id"])
        self.event(row, reg, "case.accepted", "registered", "tier1", actor=row["registered_by_id"])
        if tier == "tier1":
            self.span(row["id"], "tier1", entered, due, holder=leader)
        else:
            t1_due = fields["escalated_at"]
            self.span(row["id"], "tier1", reg, t1_due, left=t1_due, exit="escalated_by_timer", holder=leader,
                      reason="time limit reached")
            self.event(row, t1_due, "case.escalated", "tier1", "tier2", reason="time limit reached")
            if tier == "tier3":
                self.span(row["id"], "tier2", t1_due, entered, left=entered, exit="escalated_by_timer",
                          reason="time limit reached")
                self.event(row, entered, "case.escalated", "tier2", "tier3", reason="time limit reached")
            self.span(row["id"], tier, entered, due)
            members = plan.ids("committee") if tier == "tier2" else [plan.staff["director"], plan.staff["party1"]]
            for member in members:
                self.notes.append(("escalated", f"escalated:{row['id']}:{tier}:{entered.isoformat()}",
                                   f"案件 {row['number']} 已升级，请处理。", entered,
                                   entered + datetime.timedelta(hours=2) if rng.random() < 0.7 else None,
                                   entered, row["id"], member, None))
            # The first escalated case of each office always has one, so even a small
            # database has a case page and slip that show work orders.
            if rng.random() < 0.3 or plan.office.pk not in self.offices_with_orders:
                self.offices_with_orders.add(plan.office.pk)
                self.work_order(plan, row, dispatched=min(entered + datetime.timedelta(hours=1), self.now))
                return self._pause_event(row, fields, tier, leader, paused)
        if self._below_order_floor(plan):
            # A city bureau's first section head gets a page of open work orders at any
            # size (at a million cases the draw above gives hundreds).
            self.floor_orders[plan.office.pk] += 1
            self.work_order(plan, row, dispatched=min(entered + datetime.timedelta(hours=1), self.now),
                            department=plan.departments[0])
        self._pause_event(row, fields, tier, leader, paused)

    def _below_order_floor(self, plan) -> bool:
        return plan.office.parent_id is None and self.floor_orders[plan.office.pk] < ORDER_FLOOR

    def _pause_event(self, row, fields, tier, leader, paused) -> None:
        if paused:
            self.event(row, fields["paused_at"], "case.clock_stopped", tier, tier, actor=leader, reason="等待群众补充材料")

    def work_order(self, plan, row, *, dispatched, closed_by=None, department=None) -> None:
        rng = self.rng
        kind = "should" if rng.random() < 0.6 else "cannot"
        days = plan.office.work_order_days_should_have_done if kind == "should" else plan.office.work_order_days_cannot_be_done
        due, warn = self.deadline(plan, dispatched, days)
        drawn = rng.choice(plan.departments)  # drawn either way: the seed gives the same cases
        department = department or drawn
        head = plan.staff[f"head{(plan.departments.index(department) % 2) + 1}"]
        leader = row["duty_leader_id"]
        pk = self.next_order_id
        self.next_order_id += 1
        order = dict.fromkeys(WORK_ORDER_COLUMNS) | {
            "id": pk, "kind": kind, "instruction": rng.choice(INSTRUCTIONS), "state": "dispatched",
            "dispatched_at": dispatched, "days": days, "original_due_at": due, "due_at": due, "overdue_notified": False,
            "pause_reason": "", "paused_seconds": 0, "final": False, "answer": "", "return_reason": "",
            "case_id": row["id"], "department_id": department, "dispatched_by_id": leader or plan.staff["leader1"],
        }
        if closed_by is not None:
            answered = min(closed_by, dispatched + datetime.timedelta(hours=rng.uniform(1, 30)))
            order.update(state="answered", signed_at=answered, signed_by_id=head, answer=rng.choice(ANSWERS),
                         answered_at=answered, answered_by_id=head)
        else:
            if rng.random() < 0.5:
                order.update(state="signed", signed_at=dispatched + datetime.timedelta(minutes=30), signed_by_id=head)
            if due <= self.now:
                order["overdue_notified"] = True  # the sweep told the leader and the department already
            elif warn > self.now:
                order["warn_at"] = warn
        self.orders.append(tuple(order[c] for c in WORK_ORDER_COLUMNS))
        self.event(row, dispatched, "work_order.dispatched", row["state"], row["state"], actor=order["dispatched_by_id"],
                   data=json.dumps({"work_order": pk}))

    def flush(self) -> None:
        w = self.writer
        w.write("cases_case", CASE_COLUMNS, self.cases)
        w.write("cases_workorder", WORK_ORDER_COLUMNS, self.orders)
        w.write("cases_tierspan", SPAN_COLUMNS, self.spans)
        w.write("cases_auditevent", AUDIT_COLUMNS, self.audit)
        w.write("cases_notification", NOTIFICATION_COLUMNS, self.notes)
        self.cases, self.spans, self.audit, self.orders, self.notes = [], [], [], [], []


def _split(total: int, plans: list[OfficePlan]) -> list[int]:
    weights = sum(p.weight for p in plans)
    shares = [total * p.weight // weights for p in plans]
    for i in range(total - sum(shares)):
        shares[i % len(shares)] += 1
    return shares


def _office_shares(total: int, plans: list[OfficePlan]) -> list[int]:
    """Cases per office by weight, the measured (first) office given at least
    MEASURED_OFFICE_CASES, taken one at a time from the others' largest shares."""
    shares = _split(total, plans)
    if len(shares) < 2:
        return shares
    wanted = min(MEASURED_OFFICE_CASES, total // 2) - shares[0]
    for _ in range(max(0, wanted)):
        donor = max(range(1, len(shares)), key=lambda i: (shares[i], -i))
        shares[donor] -= 1
        shares[0] += 1
    return shares


@dataclasses.dataclass
class SeedReport:
    cases: int
    rows: int
    seconds: float
    offices: int

    def __str__(self):
        return (f"{self.cases:,} cases ({self.rows:,} rows in all) over {self.offices} offices "
                f"in {self.seconds:.0f} s ({self.rows / max(self.seconds, 1e-6):,.0f} rows/s)")


def seed(*, cases: int, offices: int = 50, years: int = 3, seed: int = 1, now: datetime.datetime | None = None,
         progress=print, chunk: int = 50_000) -> SeedReport:
    """Add `cases` cases (and the organisation if missing); numbers continue the counters."""
    started = time.monotonic()
    now = now or timezone.now()
    writer = BulkWriter(progress)
    with transaction.atomic():
        plans = ensure_organisation(offices, progress)
        existing = Case.objects.count()
        rng = random.Random(f"{seed}:{existing}")
        build_people(plans, max(200, cases // 4), random.Random(seed), progress)
        counters = {(c.office_id, c.year): c for c in CaseNumberCounter.objects.select_for_update()
                    .filter(office__in=[p.office for p in plans])}
        factory = CaseFactory(writer, rng, now)
        first_id = writer.reserve_ids("cases_case", cases)
        # Work orders hang from at most every open or escalated case: reserve plenty.
        factory.next_order_id = writer.reserve_ids("cases_workorder", cases // 10 + 1000)
        next_id = first_id
        counts = Counts.for_total(cases)
        open_splits = {name: _split(getattr(counts, name), plans) for name in ("registered", "tier1", "tier2", "tier3", "resolved")}
        start = now - datetime.timedelta(days=365 * years)
        for index, (plan, n) in enumerate(zip(plans, _office_shares(cases, plans))):
            kinds = []
            for name in ("registered", "tier1", "tier2", "tier3", "resolved"):
                kinds += [name] * open_splits[name][index]
            kinds = kinds[:n]
            kinds += _open_floor(kinds, n, plan)
            kinds += ["closed_recent"] * min(_recent_orders_floor(plan, plans[0]), n - len(kinds))
            kinds += ["closed"] * (n - len(kinds))
            lives = [_plan_life(rng, kind, start, now) for kind in kinds]
            lives.sort(key=lambda life: life[1])  # numbers in the order of registration
            for kind, registered_at, channel, extra in lives:
                year = timezone.localtime(registered_at, ZONE).year
                counter = counters.get((plan.office.pk, year))
                if counter is None:
                    counter = counters[(plan.office.pk, year)] = CaseNumberCounter(office=plan.office, year=year)
                counter.last_sequence += 1
                fields = {"pk": next_id, "number": format_case_number(plan.office.code, year, counter.last_sequence),
                          "year": year, "sequence": counter.last_sequence, "state": _STATE[kind],
                          "registered_at": registered_at, "channel": channel}
                next_id += 1
                if kind == "closed":
                    factory.closed(plan, fields, escalated=extra["escalated"], detailed=extra["detailed"],
                                   answered_order=extra.get("answered_order", False))
                elif kind == "resolved":
                    factory.resolved(plan, fields)
                elif kind == "registered":
                    factory.registered(plan, fields)
                else:
                    if "escalated_at" in extra:
                        fields["_escalated_at"] = extra["escalated_at"]
                    factory.in_tier(plan, fields, kind, extra["entered"], paused=extra["paused"])
                if len(factory.cases) >= chunk:
                    factory.flush()
                    writer.report(f"cases {next_id - first_id:,}/{cases:,}")
        factory.flush()
        writer.report(f"cases {cases:,}/{cases:,}")
        CaseNumberCounter.objects.bulk_create(
            [c for c in counters.values() if c.pk is None], batch_size=1000)
        CaseNumberCounter.objects.bulk_update([c for c in counters.values() if c.pk is not None], ["last_sequence"],
                                              batch_size=1000)
    analyse(progress)
    return SeedReport(cases=cases, rows=writer.rows, seconds=time.monotonic() - started, offices=len(plans))


# What the benchmark draws for a city bureau at any size: a page (25) of each of
# its queues (the duty leader's tier 1, today's cases all being today's leader's;
# the committee's tier 2; the party group's tier 3), of its open register and of
# its first section head's open work orders, so a page at a thousand cases is as
# full as at a million. The measured bureau has enough cases for these and for a
# page of closed ones.
OPEN_FLOOR = {"tier1": 26, "tier2": 26, "tier3": 26}
ORDER_FLOOR = 26
# And what the measured director's department figures (the last months) and its
# first section head's answered work orders show: an answered work order in the
# last two months for every department of the bureau and of the counties below
# it, and a page (20) more for that section head.
ANSWERED_FLOOR = 21
RECENT_DAYS = 60
MEASURED_OFFICE_CASES = 180
OPEN_KINDS = ("registered", "tier1", "tier2", "tier3")


def _open_floor(kinds: list[str], n: int, plan: OfficePlan) -> list[str]:
    """Open cases to add so a city bureau's pages are as full in a small database
    as at a million cases, where every office has hundreds open and the floor
    adds nothing. At most half of the office's cases are open."""
    if plan.office.parent_id is not None:  # a county bureau: no page of it is measured
        return []
    room = min(n - len(kinds), n // 2 - sum(kind in OPEN_KINDS for kind in kinds))
    wanted = [[kind] * max(0, floor - kinds.count(kind)) for kind, floor in OPEN_FLOOR.items()]
    mixed = [kind for group in itertools.zip_longest(*wanted) for kind in group if kind]
    return mixed[:max(0, room)]


def _recent_orders_floor(plan: OfficePlan, measured: OfficePlan) -> int:
    """Closed cases of the last RECENT_DAYS with an answered work order to add
    to `plan`'s office (see ANSWERED_FLOOR)."""
    if plan is measured:
        return len(plan.departments) + ANSWERED_FLOOR
    if plan.office.parent_id == measured.office.pk:
        return len(plan.departments)
    return 0


_STATE = {"closed": "closed", "resolved": "resolved", "registered": "registered", "tier1": "tier1", "tier2": "tier2",
          "tier3": "tier3"}


def _plan_life(rng: random.Random, kind: str, start: datetime.datetime, now: datetime.datetime):
    """(kind, registered_at, channel, extra) of one case: when it came in and how far it got."""
    channel = _weighted(rng, CHANNELS)
    hour = datetime.timedelta(hours=1)
    day = datetime.timedelta(days=1)
    if kind == "closed":
        registered = _random_moment(rng, start, now - hour, channel)
        return kind, registered, channel, {"escalated": rng.random() < 0.03, "detailed": rng.random() < 0.1}
    if kind == "closed_recent":
        registered = _random_moment(rng, now - RECENT_DAYS * day, now - day, channel)
        return "closed", registered, channel, {"escalated": False, "detailed": True, "answered_order": True}
    if kind == "resolved":
        return kind, _random_moment(rng, now - 20 * day, now - 2 * hour, channel), channel, {}
    if kind == "registered":
        return kind, now - rng.uniform(0.1, 3) * hour, channel, {}
    paused = rng.random() < 0.05
    if kind == "tier1":
        # Entered within the last few hours, and today on the office's clock (never
        # before midnight), so all of them are today's duty leader's: its one
        # working day ends tomorrow's close at the earliest.
        local_midnight = timezone.localtime(now, ZONE).replace(hour=0, minute=0, second=0, microsecond=0)
        registered = max(now - rng.uniform(0.05, 6) * hour, local_midnight)
        return kind, registered, channel, {"entered": registered, "paused": paused}
    if kind == "tier2":
        entered = now - rng.uniform(0.05, 40) * hour
        registered = entered - rng.uniform(20, 60) * hour
        return kind, registered, channel, {"entered": entered, "escalated_at": entered, "paused": paused}
    entered = now - rng.uniform(0.1, 14) * day  # some of these are past their five days: overdue, red
    escalated = entered - rng.uniform(2, 4) * day
    registered = escalated - rng.uniform(1, 2) * day
    return kind, registered, channel, {"entered": entered, "escalated_at": escalated, "paused": paused}


def analyse(progress=print) -> None:
    if connection.vendor == "postgresql":
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        progress(f"ANALYZE in {time.monotonic() - started:.1f} s")


# --- keeping a seeded database current ------------------------------------------------------


def retime_open_clocks(now: datetime.datetime | None = None) -> datetime.timedelta:
    """Move the running clocks of a database seeded days ago to today.

    A seed sets tier-1 deadlines a working day ahead; a day later every one of
    them is due and a benchmark of "a sweep with nothing due" would measure a
    storm of escalations. This shifts the clocks of open cases, their open
    tier spans and open work orders by the time since the newest tier entry,
    so the database looks as it did just after seeding. Registration times
    (and so numbers and years) are left alone.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, ZONE).date()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT MAX(tier_entered_at) FROM cases_case WHERE state IN ('tier1', 'tier2', 'tier3')")
        anchor = cursor.fetchone()[0]
        if anchor is None or anchor >= now:
            return datetime.timedelta(0)
        delta = now - anchor
        cursor.execute(
            "UPDATE cases_case SET tier_entered_at = tier_entered_at + %s, due_at = due_at + %s, "
            "warn_at = warn_at + %s, paused_at = paused_at + %s WHERE state IN ('tier1', 'tier2', 'tier3')",
            [delta] * 4)
        cursor.execute(
            "UPDATE cases_case SET overdue_flagged_on = %s WHERE state = 'tier3' AND paused_at IS NULL AND due_at <= %s",
            [today, now])
        cursor.execute(
            "UPDATE cases_tierspan SET entered_at = entered_at + %s, due_at = due_at + %s WHERE left_at IS NULL",
            [delta, delta])
        cursor.execute(
            "UPDATE cases_workorder SET dispatched_at = dispatched_at + %s, original_due_at = original_due_at + %s, "
            "due_at = due_at + %s, warn_at = warn_at + %s WHERE state IN ('dispatched', 'signed')", [delta] * 4)
    return delta


def add_due_cases(*, n: int, now: datetime.datetime, registered_by: int, sequence_from: int = 900_000,
                  offices: int = 50, seed: int = 2) -> list[int]:
    """`n` tier-1 cases whose day ran out a moment ago, spread over the offices.

    For the benchmark of a sweep that finds many cases due at once. Their
    numbers are taken far above any issued (from `sequence_from`) and leave the
    counters alone, and `registered_by` marks them, so `remove_cases` can take
    them out again and the database stays as seeded.
    """
    plans = ensure_organisation(offices, lambda _m: None)
    rng = random.Random(seed)
    build_people(plans, max(200, n // 4), random.Random(seed), lambda _m: None)
    writer = BulkWriter(lambda _m: None)
    factory = CaseFactory(writer, rng, now)
    with transaction.atomic():
        first = writer.reserve_ids("cases_case", n)
        year = timezone.localtime(now, ZONE).year
        ids = []
        for i in range(n):
            plan = plans[i % len(plans)]
            pk = first + i
            due = now - datetime.timedelta(seconds=1 + rng.randrange(3600))
            registered = due - datetime.timedelta(days=1)
            leader = plan.leader_on(timezone.localtime(registered, ZONE).date())
            sequence = sequence_from + i // len(plans) + 1
            row = factory.case(plan, pk=pk, number=format_case_number(plan.office.code, year, sequence), year=year,
                               sequence=sequence, state="tier1", registered_at=registered, channel="window",
                               registered_by_id=registered_by, tier_entered_at=registered, tier_days=1, due_at=due,
                               duty_leader_id=leader)
            factory.span(row["id"], "tier1", registered, due, holder=leader)
            ids.append(pk)
        factory.flush()
    return ids


def remove_cases(where: str, params: list) -> int:
    """Delete cases (and every row hanging from them) chosen by a SQL condition on cases_case.

    Raw SQL on purpose: audit rows cannot be deleted through the ORM, and the
    benchmark must leave its scratch database as it found it.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_doomed ON COMMIT DROP AS SELECT id FROM cases_case WHERE {where}", params)  # noqa: S608
        cursor.execute("DELETE FROM cases_extensionrequest WHERE work_order_id IN "
                       "(SELECT id FROM cases_workorder WHERE case_id IN (SELECT id FROM bench_doomed))")
        cursor.execute("DELETE FROM cases_meeting_departments WHERE meeting_id IN "
                       "(SELECT id FROM cases_meeting WHERE case_id IN (SELECT id FROM bench_doomed))")
        # Every table hanging from a case, read from the models, so a new one is not
        # forgotten; PostgreSQL checks Django's foreign keys at commit, in any order.
        for relation in Case._meta.related_objects:
            table, column = relation.related_model._meta.db_table, relation.field.column
            if relation.many_to_many or table == Case._meta.db_table:
                continue
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM bench_doomed)")  # noqa: S608
        cursor.execute("DELETE FROM cases_case WHERE id IN (SELECT id FROM bench_doomed)")
        return cursor.rowcount


def office_plans(n_offices: int = 50) -> list[OfficePlan]:
    return ensure_organisation(n_offices, lambda _m: None)


__all__ = ["SeedReport", "add_due_cases", "analyse", "office_plans", "remove_cases", "retime_open_clocks", "seed"]
