"""Every page of the staff site, found in the URLconf, and one office in which
every one of them exists: a case at tier 1 with a work order and an extension
asked for, a case escalated to tier 2, an institutional innovation, a staff-side
case held to account, and one person for each role.

The property-based tests and the browser's policy test walk these pages, so a
URL added to the URLconf is visited without anyone listing it; a URL with a
parameter this module cannot fill fails `url_for` loudly instead of being skipped.
"""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from routing import roles
from routing.models import Department, DutyAssignment, User
from tests.conftest import VALID_ID, make_office, make_staff

# The admin is Django's own (its forms are tested there), the i18n view redirects
# whatever it is sent, and the health check has no parameters to vary. The
# captcha's views are django-simple-captcha's (a picture or a JSON key per request); the
# Open311 API has its own property run against its OpenAPI document
# (tests/open311/test_schema_property.py).
SKIPPED_NAMESPACES = {"admin", "open311"}
SKIPPED_NAMES = {"set_language", "healthz", "captcha-image", "captcha-image-2x", "captcha-audio", "captcha-refresh"}

ANONYMOUS = "anonymous"  # a visitor who is not logged in
ROLES = {
    "clerk": roles.CLERK, "duty_leader": roles.DUTY_LEADER, "section_head": roles.SECTION_HEAD,
    "committee": roles.COMMITTEE, "director": roles.PARTY_GROUP, "inspector": roles.DISCIPLINE,
    "administrator": roles.ADMINISTRATOR,
}


def url_names() -> list[str]:
    """The names of every URL of the site (namespaced), in URLconf order."""
    names = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace not in SKIPPED_NAMESPACES:
                    inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                    walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIPPED_NAMES:
                name = namespace + entry.name
                if name not in names:
                    names.append(name)

    walk(get_resolver().url_patterns, "")
    return names


@dataclass
class World:
    people: dict[str, User]
    case: object
    escalated: object
    order: object
    extension: object
    innovation: object
    span: object
    guided: object
    refused: object
    closed: object  # closed at the window and rated badly: a callback and a rectification
    attachment: object
    summary: object  # the office's daily summary of its latest working day
    export: object  # the register exported by the director, built
    today: datetime.date = field(default_factory=timezone.localdate)

    def url_for(self, name: str) -> str:
        """`name` reversed with the objects of this world as its arguments."""
        short = name.split(":")[-1]
        pk = {"innovation": self.innovation.pk, "decide_extension": self.extension.pk,
              "callback": self.closed.callbacks.order_by("pk").first().pk, "summary": self.summary.pk,
              "export": self.export.pk, "export_status": self.export.pk, "export_download": self.export.pk}.get(
            short, self.order.pk if short.startswith("work_order") else
            self.closed.rectifications.get().pk if short.startswith("rectification") else None)
        candidates = [
            {}, {"number": self.case.number}, {"pk": pk}, {"year": self.today.year, "month": self.today.month},
            {"number": self.escalated.number, "span_id": self.span.pk},
            {"number": self.case.number, "pk": self.attachment.pk},
            {"code": self.case.office.code}, {"kind": "register"}, {"token": self.closed.tracking_token if short == "rate" else self.case.tracking_token},
        ]
        for kwargs in candidates:
            if None in kwargs.values():
                continue
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:  # not this URL's parameters
                continue
        raise AssertionError(f"tests/site_map.py cannot fill the parameters of {name}: teach url_for")

    def urls(self) -> dict[str, str]:
        return {name: self.url_for(name) for name in url_names()}

    def pages(self) -> list[str]:
        """Every URL, and the pages only other cases have: a tier-2 case page, the
        one-time notice and the refusal letter (printed documents too)."""
        return [*self.urls().values(), reverse("cases:detail", args=[self.escalated.number]),
                reverse("cases:notice", args=[self.guided.number]), reverse("cases:refusal", args=[self.refused.number])]


def build_world() -> World:
    """An office with one person per role and an object behind every URL parameter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.attachments import clean_uploads
    from cases.daily_summary import latest_due_day
    from cases.services import (
        case_classify,
        case_record_accountability,
        case_record_citizen_outcome,
        case_record_staff_fault,
        case_register,
        case_register_and_answer,
        case_resolve,
        innovation_create,
    )
    from cases.services.aftercare import rating_give
    from cases.services.public import case_add_information
    from cases.services.dispatch import case_dispatch, work_order_request_extension
    from cases.services.escalation import case_escalate
    from cases.services.exports import export_build, export_request
    from cases.services.summary import daily_summary_make

    office = make_office("SM", "沈阳市人社局")
    people = {key: make_staff(f"sm_{key}", office, role) for key, role in ROLES.items()}
    leader = people["duty_leader"]
    today = timezone.localdate()
    for offset in range(-3, 60):
        DutyAssignment.objects.create(office=office, day=today + datetime.timedelta(days=offset), leader=leader)
    department = Department.objects.create(office=office, name="养老保险科", head=people["section_head"])
    area = office.business_areas.first()

    def register(name):
        return case_register(clerk=people["clerk"], channel="window", reporter_name=name, reporter_phone="13812345678",
                             reporter_id_number=VALID_ID, business_area=area, matter="办理养老保险关系转移",
                             failed_at="养老保险窗口", failure_reason="外省数据未传")

    case = register("张三")
    order = case_dispatch(case=case, by=leader, department=department, kind="should", instruction="请核实后答复")
    until = timezone.localtime(order.due_at).date() + datetime.timedelta(days=14)
    extension = work_order_request_extension(order=order, by=people["section_head"], until=until, reason="等外省回函")
    escalated = case_escalate(case=register("李四"), by=leader, reason="太复杂", expected_state="tier1")
    span = escalated.tier_spans.order_by("entered_at", "id").last()
    guided = register("王五")
    case_record_citizen_outcome(case=guided, by=people["clerk"], kind="guided", regular_window="医保窗口",
                                materials="身份证原件\n社保卡", steps="取号\n交材料")
    refused = register("赵六")
    case_record_citizen_outcome(case=refused, by=people["clerk"], kind="refusal", legal_basis="《社会保险法》第十六条",
                                refusal_reasons="缴费不满十五年\n不符合领取条件")
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
                             content_type="application/pdf")
    addition = case_add_information(case=case, text="补充材料", files=clean_uploads([pdf]))
    closed = case_register_and_answer(clerk=people["clerk"], outcome="solved", result="当场答复", channel="window",
                                      reporter_name="孙七", reporter_phone="13812345679", business_area=area,
                                      matter="咨询退休年龄", failure_reason="不清楚条件")
    rating_give(case=closed, level="very_dissatisfied")
    innovation = innovation_create(office=office, by=people["director"], title="异地转移一次办",
                                   rule_text="外省数据未传时由窗口代为联系", adopted_on=today,
                                   business_area=area, category="staff")
    # The root-cause pages: a staff-side case closed and held to account, referred to discipline inspection.
    faulted = register("周八")
    case_classify(case=faulted, by=people["clerk"], category="staff")
    case_record_staff_fault(case=faulted, by=people["clerk"], regular_window="养老保险窗口", section_head="赵科长")
    case_resolve(case=faulted, by=leader, result="科长到场当场办结", close=True)
    case_record_accountability(case=faulted, by=people["inspector"], staff_member="钱窗口", section_head="赵科长",
                               leader_in_charge="孙局长", finding="未一次性告知", measure="诫勉谈话",
                               referred_to_discipline=True)
    export = export_request(by=people["director"], kind="register", filters={})
    export_build(export_id=export.pk)
    summary = daily_summary_make(office=office, day=latest_due_day(office, timezone.now()))
    return World(people=people, case=case, escalated=escalated, order=order, extension=extension,
                 innovation=innovation, span=span, guided=guided, refused=refused, closed=closed,
                 attachment=addition.attachments.get(), summary=summary, export=export)


@dataclass
class Form:
    """A form as the page draws it: where it goes, how, and its fields with the values offered."""

    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or self.page_url).path
            self._form = Form(action=action, method=(attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            values = self._form.fields.setdefault(attrs["name"], [])
            if attrs.get("value") is not None:
                values.append(attrs["value"])
            if tag == "select":
                self._select = values
        elif tag == "option" and self._select is not None and attrs.get("value") is not None:
            self._select.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[Form]:
    """The forms of a page, without the CSRF token (the test client does not check it)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    for form in parser.forms:
        form.fields.pop("csrfmiddlewaretoken", None)
    return parser.forms


def log_in(client, world, role):
    """The test client as `role` (a key of ROLES, or ANONYMOUS)."""
    client.logout()
    if role != ANONYMOUS:
        client.force_login(world.people[role])


_SITE: dict = {}


def site_forms(client, world) -> dict:
    """{url name: {"get" | "post": {role: {field: values offered}}}}: every form on
    every page, as each role and a visitor see them, by the URL it is sent to.

    Read once per run: which forms a role sees and their fields come from the
    code, not from a test's rows, and reading ~50 pages as eight people takes seconds.
    """
    if _SITE:
        return _SITE
    pages = world.pages()
    for role in [ANONYMOUS, *world.people]:
        log_in(client, world, role)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            for form in forms_on(response.content.decode(), page):
                try:
                    name = resolve(form.action).view_name
                except Resolver404:  # a form sent off the URLconf (none is today)
                    continue
                by_method = _SITE.setdefault(name, {"get": {}, "post": {}})
                fields = by_method["post" if form.method == "post" else "get"].setdefault(role, {})
                for field_name, offered in form.fields.items():
                    fields.setdefault(field_name, set()).update(offered)
    client.logout()
    return _SITE


def pages_for(client, world, role) -> list[str]:
    """The URLs `role` can open: every page of the site answering an HTML 200 to a GET."""
    log_in(client, world, role)
    found = []
    for page in world.pages():
        response = client.get(page)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found.append(page)
    client.logout()
    return found
