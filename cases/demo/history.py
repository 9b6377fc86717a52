"""Six months of an office's day-to-day cases, each told step by step on the timeline.

Every working day brings a few people to the window (more to the city bureau),
with the matters of `matters.MATTERS`. Each case is a story (a generator, see
`timeline`): registered at its moment, then handled as its matter's path says,
a step at a time, by the staff on duty that day. Cases left at tier 1 past the
close of the next working day are taken up by the sweep's timer; what would
happen after now has not happened yet, so the last days' cases are still open.
"""

import datetime
import random

from django.utils import timezone

from cases.models import InstitutionalInnovation, State
from cases.services import (
    case_approve_deficiency,
    case_classify,
    case_close,
    case_record_accountability,
    case_record_citizen_outcome,
    case_record_special_handling,
    case_record_staff_fault,
    case_register,
    case_register_and_answer,
    case_resolve,
    innovation_create,
)
from cases.services.dispatch import (
    case_dispatch,
    extension_decide,
    work_order_answer,
    work_order_request_extension,
    work_order_return,
    work_order_sign,
)
from cases.services.escalation import case_escalate, case_record_decision
from cases.services.summary import daily_summary_make
from routing import clock
from routing.models import Department

from .matters import MATTERS, Matter
from .people import People
from .ratings import AfterCare

# How the matters of a day are drawn: path → weight.
PATH_WEIGHTS = {"solved": 28, "guided": 22, "deficiency": 6, "refusal": 4, "staff": 8, "special": 12, "order": 16,
                "hard": 3}
CHANNELS = ["window"] * 11 + ["hotline"] * 4 + ["business_line"] * 2 + ["website"] * 3

# Institutional innovations adopted mid-period, by the office's duty leader:
# (title, rule, months before now, the business area of the cases it covers).
INNOVATIONS = {
    "clinic": ("同一医疗机构名称不一致的认定办法",
               "医疗机构营业执照与执业许可证名称不一致的，由医疗保险科核对统一社会信用代码、地址和法定代表人，"
               "一致的出具同一主体认定意见，医保窗口据此受理，不再退回申请人。", 3, "医疗保险"),
    "injury": ("用人单位注销后工伤待遇依职权认定办法",
               "用人单位已注销、无人申报的，由工伤保险科依职权调查，以清算组材料代替单位申报，待遇直接支付到个人账户。", 2,
               "工伤保险"),
}

# Which office adopted which innovation (the others handle those matters case by case).
ADOPTS = {"DD": ["clinic", "injury"], "DG": ["injury"], "FC": [], "ZJK": []}

# The department that returns a work order as not its own, and where the duty leader sends it instead.
RETURNS = {"社保中心": "养老保险科", "医疗保险科": "社保中心", "人事档案室": "养老保险科", "就业促进科": "社保中心"}


class History:
    """One office's six months: `stories()` yields the stories to put on the timeline."""

    def __init__(self, loader, timeline, *, per_day: float, seed: int):
        self.loader = loader
        self.office = loader.office
        self.staff = loader.staff
        self.clerk = loader.clerk
        self.timeline = timeline
        self.per_day = per_day
        self.random = random.Random(seed)
        self.people = People(loader.region, seed)
        self.brought: dict[tuple[str, str], Matter] = {}
        self.departments = {d.name: d for d in Department.objects.filter(office=self.office)}
        self.aftercare = AfterCare(loader, timeline, self.random)

    def stories(self, start: datetime.date, end: datetime.date):
        tl = self.timeline
        self.adopted = {}  # business area → the day an innovation covering its objective-cause cases was adopted
        for key in ADOPTS[self.office.code]:
            title, text, months, area = INNOVATIONS[key]
            day = tl.today() - datetime.timedelta(days=30 * months)
            while not clock.is_working_day(day):
                day -= datetime.timedelta(days=1)
            self.adopted[area] = day
            yield self.innovation(day, title, text, area)
            # The matter it was made for comes again, and is settled by it.
            matter = next(m for m in MATTERS if m.extra.get("rule") == key)
            for weeks in (2, 6):
                yield self.case(matter, tl.on(tl.later(tl.on(day, 10), 5 * weeks, 10).date(), 10, 20),
                                self.people.new(), "window")
        yield self.daily_summaries(start, end)
        weights = [PATH_WEIGHTS[m.path] / sum(1 for n in MATTERS if n.path == m.path) for m in MATTERS]
        owed = 0.0
        for day in tl.working_days(start, end):
            owed += self.per_day * self.random.uniform(0.4, 1.6)
            while owed >= 1:
                owed -= 1
                moment = tl.on(day, self.random.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16]),
                               self.random.randrange(0, 60, 5))
                person, matter = self.who_and_what(weights)
                if self.covered(matter, day) and "rule" not in matter.extra and self.random.random() < 0.6:
                    continue  # the rule settles such matters at the regular window now: fewer reach this one
                yield self.case(matter, moment, person, self.random.choice(CHANNELS))

    def covered(self, matter: Matter, day: datetime.date) -> bool:
        adopted = self.adopted.get(matter.area)
        return adopted is not None and day > adopted and matter.path in ("special", "order", "hard")

    def who_and_what(self, weights) -> tuple[tuple[str, str], Matter]:
        """A new person with a matter, or (one time in twelve) someone back with the same matter or another."""
        if self.people.met and self.random.random() < 1 / 12:
            person = self.people.again(self.random.randrange(len(self.people.met)))
            if person in self.brought and self.random.random() < 0.7:
                return person, self.brought[person]
        else:
            person = self.people.new()
        matter = self.random.choices(MATTERS, weights)[0]
        self.brought.setdefault(person, matter)
        return person, matter

    # --- the stories ------------------------------------------------------------------

    def daily_summaries(self, start, end):
        """The summary of each working day, made at the office's summary time as the job does."""
        for day in self.timeline.working_days(start, end):
            yield self.timeline.on(day, self.office.daily_summary_at.hour, self.office.daily_summary_at.minute + 1)
            daily_summary_make(office=self.office, day=day)

    def innovation(self, day, title, text, area):
        yield self.timeline.on(day, 16, 30)
        # It covers the objective-cause cases of its business area (the innovation before/after figures).
        innovation_create(office=self.office, by=self.loader.leader_on(day), title=title, rule_text=text,
                          adopted_on=day, business_area=self.loader.area(area), category="objective")

    def case(self, matter: Matter, moment, person, channel: str):
        yield moment
        name, id_number = person
        registration = dict(channel=channel, reporter_name=name, reporter_id_number=id_number,
                            reporter_phone=self.loader.phone(), business_area=self.loader.area(matter.area),
                            matter=matter.matter, failure_reason=matter.reason, failed_at=matter.failed_at)
        self.loader.count += 1
        extra = matter.extra
        if matter.path in ("solved", "guided"):
            case = case_register_and_answer(clerk=self.clerk, outcome=matter.path, result=matter.result,
                                            regular_window=extra.get("window", ""),
                                            materials=extra.get("materials", ""),
                                            steps=extra.get("steps", ""), **registration)
            yield from self.aftercare.after_closing(case)
            return
        case = case_register(clerk=self.clerk, **registration)
        handle = getattr(self, "path_" + matter.path)
        yield from handle(case, matter, moment)
        case.refresh_from_db()
        if case.state == State.CLOSED:
            yield from self.aftercare.after_closing(case)

    def path_deficiency(self, case, matter, moment):
        case_record_citizen_outcome(case=case, by=self.clerk, kind="deficiency", missing_items=matter.extra["missing"],
                                    deficiency_deadline=moment.date() + datetime.timedelta(days=14))
        yield self.timeline.after(moment, 40)
        case_approve_deficiency(case=case, by=case.duty_leader)
        case_resolve(case=case, by=self.clerk, result=matter.result, close=True)

    def path_refusal(self, case, matter, moment):
        yield self.timeline.after(moment, 25)
        case_record_citizen_outcome(case=case, by=self.clerk, kind="refusal", legal_basis=matter.extra["legal"],
                                    refusal_reasons=matter.extra["refusals"])
        case_resolve(case=case, by=self.clerk, result=matter.result, close=True)

    def path_staff(self, case, matter, moment):
        head = self.departments.get(matter.failed_at)
        case_classify(case=case, by=self.clerk, category="staff")
        case_record_staff_fault(case=case, by=self.clerk, regular_window=matter.failed_at,
                                section_head=(head.head if head and head.head else self.staff["head2"]).get_full_name(),
                                staff_member=matter.extra["staff_member"], answer=matter.extra["answer"])
        yield self.timeline.after(moment, 50)
        leader = case.duty_leader
        case_resolve(case=case, by=leader, result=matter.result, close=True)
        if self.random.random() < 0.4:
            yield self.timeline.later(moment, 1, 10, 30)
            case_record_accountability(
                case=case, by=leader, staff_member=matter.extra["staff_member"],
                section_head=self.staff["head2"].get_full_name(), leader_in_charge=leader.get_full_name(),
                finding="未落实首问负责和一次性告知制度，致群众往返。", measure="批评教育，科长作书面检查，全局通报。")

    def path_special(self, case, matter, moment):
        yield self.timeline.after(moment, self.random.choice([30, 60, 120, 240]))
        rule = self.rule(matter, moment)
        self.record_special(case, matter, by=case.duty_leader, rule=rule)
        close = rule is not None or self.random.random() < 0.7
        case_resolve(case=case, by=case.duty_leader, result=matter.result, close=close)
        case.refresh_from_db()
        if case.state == State.RESOLVED:  # closed by the clerk the next morning, after the citizen confirmed
            yield self.timeline.later(moment, 1, 9, 10)
            case_close(case=case, by=self.clerk)

    def rule(self, matter, moment):
        key = matter.extra.get("rule")
        if not key:
            return None
        return InstitutionalInnovation.objects.filter(office=self.office, title=INNOVATIONS[key][0],
                                                      adopted_on__lte=moment.date()).first()

    def record_special(self, case, matter, *, by, rule=None, procedure=""):
        case_classify(case=case, by=by, category="objective", leader_instruction=matter.extra.get("instruction", ""))
        case_record_special_handling(case=case, by=by, kind=self.special_kind(matter),
                                     procedure=procedure or matter.extra.get("procedure", matter.result),
                                     is_common_problem=rule is not None, innovation=rule)

    @staticmethod
    def special_kind(matter) -> str:
        kind = matter.extra.get("kind")  # a work order's kind for orders, the special handling's otherwise
        return kind if kind in ("legacy", "bottleneck") else "bottleneck"

    def path_order(self, case, matter, moment):
        """A work order: answered in time, or returned and sent elsewhere, or extended;
        a slow answer lets the tier-1 clock run out and the timer takes the case up."""
        tl, extra = self.timeline, matter.extra
        leader = case.duty_leader
        yield tl.after(moment, 30)
        case_classify(case=case, by=leader, category="objective", leader_instruction=extra["instruction"])
        department = self.departments[extra["department"]]
        order = case_dispatch(case=case, by=leader, department=department, kind=extra["kind"],
                              instruction=extra["instruction"])
        yield tl.after(moment, 90)
        fate = self.random.random()
        if fate < 0.15 and department.name in RETURNS:
            work_order_return(order=order, by=department.head, reason="不属于本科室职责，应由" + RETURNS[department.name] + "办理。")
            yield tl.after(moment, 150)
            department = self.departments[RETURNS[department.name]]
            order = case_dispatch(case=case, by=leader, department=department, kind=extra["kind"],
                                  instruction=extra["instruction"])
            yield tl.after(moment, 180)
        work_order_sign(order=order, by=department.head)
        if fate > 0.8:
            yield tl.later(moment, 1, 10, 0)
            request = work_order_request_extension(order=order, by=department.head, until=order.due_at.date()
                                                   + datetime.timedelta(days=7), reason="需调取外单位材料，申请延期一周。")
            yield tl.later(moment, 1, 11, 0)
            extension_decide(request=request, by=leader, approve=True, note="同意延期，请按期答复。")
            answered = tl.later(moment, self.random.choice([4, 5, 6]), 15, 0)
        else:
            answered = tl.later(moment, self.random.choice([0, 0, 1, 2, 3]), 15, 0)
        answered = max(answered, tl.after(moment, 240))
        yield answered
        work_order_answer(order=order, by=department.head, answer=extra["answer"])
        yield tl.after(answered, 30)
        case.refresh_from_db()
        holder = self.holder(case)
        self.record_special(case, matter, by=holder, procedure=extra["instruction"] + extra["answer"])
        case_resolve(case=case, by=holder, result=matter.result, close=True)

    def path_hard(self, case, matter, moment):
        """Up to the party group: a work order, the timer to the committee, the committee refers it on."""
        tl, extra = self.timeline, matter.extra
        yield tl.after(moment, 45)
        case_classify(case=case, by=case.duty_leader, category="objective", leader_instruction=extra["instruction"])
        order = case_dispatch(case=case, by=case.duty_leader, department=self.departments[extra["department"]],
                              kind=extra["kind"], instruction=extra["instruction"])
        yield tl.later(moment, 1, 11, 0)
        work_order_sign(order=order, by=order.department.head)
        work_order_answer(order=order, by=order.department.head, answer=extra["answer"])
        yield tl.later(moment, 3, 10, 0)  # at the committee by now (the timer took it up)
        case.refresh_from_db()
        if case.state == State.TIER2:
            case_escalate(case=case, by=self.staff["committee"], reason="涉及政策突破，中心党委无权决定，提交局党组。")
        yield tl.later(moment, 6, 15, 0)
        case.refresh_from_db()
        self.record_special(case, matter, by=self.staff["director"], procedure=extra["answer"])
        case_record_decision(case=case, by=self.staff["director"], decision=matter.result,
                             decided_on=timezone.localdate(), close=True)

    def holder(self, case):
        """Who acts on the case at its tier: the duty leader, the committee, or the party group."""
        holders = {State.TIER1: case.duty_leader, State.TIER2: self.staff["committee"]}
        return holders.get(case.state, self.staff["director"])
