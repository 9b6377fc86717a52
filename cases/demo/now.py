"""The cases in hand right now, at every tier, their lights green, yellow and red against the real clock.

Each is placed by searching back from now for the moment its tier must have
started for its light to show the wanted colour today (office-hour time, the
working-day calendar): a yellow tier-1 light exists only in the last hours of
its day, so outside them there is none, and a red one would already have been
taken up by the timer, as at tiers 1 and 2. Tier 3 stays red: the party group
is flagged each working morning until it decides.
"""

import datetime

from django.utils import timezone

from cases.models import State
from cases.services import case_classify, case_record_citizen_outcome
from cases.services.dispatch import (
    case_dispatch,
    meeting_record,
    work_order_request_extension,
    work_order_return,
    work_order_sign,
)
from cases.services.escalation import case_escalate
from routing import clock
from routing.models import Department

SEARCH_DAYS = 40


class OpenNow:
    def find(self, tier: str, colour: str, *, earliest: int = 10, back: int = 0) -> datetime.datetime | None:
        """The latest office-hour moment (on the half hour, from `earliest` o'clock), `back` working
        days or more before today, at which a clock of `tier` starting gives `colour` now; None if
        no moment does (see the module's note)."""
        days = {State.TIER1: self.office.tier1_days, State.TIER2: self.office.tier2_days,
                State.TIER3: self.office.tier3_days}[tier]
        tl, day = self.timeline, self.working_day_before(self.timeline.today(), back)
        for _ in range(SEARCH_DAYS):
            if clock.is_working_day(day):
                for minutes in range(16 * 60 + 30, earliest * 60 - 1, -30):
                    start = tl.on(day, *divmod(minutes, 60))
                    if start.hour == 12 or start > tl.now - datetime.timedelta(minutes=40):
                        continue
                    due = clock.deadline(start, days, self.office).due
                    if clock.light(start=start, due=due, now=tl.now, hours=self.office) == colour:
                        return start
            day -= datetime.timedelta(days=1)
        return None

    def open_now(self, code: str) -> list:
        plans = {
            "DD": [(State.TIER1, "green", 0, self.waiting_for_leader), (State.TIER1, "green", 0, self.returned_order),
                   (State.TIER1, "yellow", 0, self.deficiency_waiting), (State.TIER2, "yellow", 0, self.transfer),
                   (State.TIER2, "green", 1, self.at_committee), (State.TIER3, "red", 0, self.bankrupt),
                   (State.TIER3, "yellow", 0, self.at_party_group), (State.TIER3, "green", 1, self.at_party_group)],
            "DG": [(State.TIER1, "green", 0, self.deficiency_waiting), (State.TIER2, "yellow", 0, self.at_committee)],
            "FC": [(State.TIER2, "green", 1, self.at_committee)],
            "ZJK": [(State.TIER1, "green", 0, self.returned_order)],
        }[code]
        stories = []
        for n, (tier, colour, back, story) in enumerate(plans):
            start = self.find(tier, colour, back=back)
            if start is None and tier == State.TIER1:  # no yellow tier-1 light at this hour: a green one then
                start = self.find(tier, clock.GREEN)
            if start is not None:
                stories.append(story(self.spread(start, tier, colour, n) if tier == State.TIER1 else start, n))
        return stories

    def spread(self, start, tier: str, colour: str, n: int) -> datetime.datetime:
        """`start` moved earlier the same morning or afternoon by a few minutes a case, if the light stays
        the same: cases found for the same moment would otherwise all come in at once."""
        earlier = start - datetime.timedelta(minutes=35 * n)
        local = timezone.localtime(earlier, self.timeline.zone())
        if local.date() != timezone.localtime(start, self.timeline.zone()).date() or not (
                datetime.time(8, 40) <= local.time() <= datetime.time(11, 50)
                or datetime.time(13, 10) <= local.time() <= datetime.time(16, 50)):
            return start
        days = {State.TIER1: self.office.tier1_days, State.TIER2: self.office.tier2_days,
                State.TIER3: self.office.tier3_days}[tier]
        due = clock.deadline(earlier, days, self.office).due
        light = clock.light(start=earlier, due=due, now=self.timeline.now, hours=self.office)
        return earlier if light == colour else start

    def departments(self) -> dict[str, Department]:
        return {d.name: d for d in Department.objects.filter(office=self.office)}

    def newcomer(self, n: int) -> dict:
        name, id_number = self.people.new()
        return {"reporter_name": name, "reporter_id_number": id_number}

    # --- tier 1 ---------------------------------------------------------------------

    def waiting_for_leader(self, start, n):
        """Just registered; the person also wrote on the website (a web report to merge)."""
        yield start
        self.register(area="失业保险", channel="hotline", reporter_name="田志远",
                      reporter_id_number=self.person(datetime.date(1990, 9, 19), 157),
                      matter="申领失业保险金被拒，原单位欠缴失业保险费",
                      failed_at="就业失业登记窗口", failure_reason="单位欠费，系统显示不符合领取条件")

    def returned_order(self, start, n):
        """The department sent the work order back: the duty leader must send it elsewhere."""
        yield start
        case = self.register(area="医疗保险", **self.newcomer(n), matter="职工医保退休人员待遇核定后个人账户未划入",
                             failed_at="医保窗口", failure_reason="窗口说由社保中心核定，社保中心说由医保办理")
        yield start + datetime.timedelta(minutes=10)
        case_classify(case=case, by=case.duty_leader, category="objective", leader_instruction="查明划入责任部门，当日答复。")
        order = case_dispatch(case=case, by=case.duty_leader, department=self.departments()["社保中心"], kind="should",
                              instruction="核定退休人员医保个人账户划入金额并补划。")
        yield start + datetime.timedelta(minutes=25)
        work_order_return(order=order, by=order.department.head, reason="个人账户划入属医疗保险科职责，不属本中心。")

    def deficiency_waiting(self, start, n):
        """Accepted with a paper missing: waiting for the duty leader's approval."""
        yield start
        case = self.register(area="工伤保险", channel="business_line", **self.newcomer(n),
                             matter="申请工伤认定，缺少单位盖章的事故经过说明", failed_at="工伤保险科",
                             failure_reason="单位不配合盖章")
        case_record_citizen_outcome(case=case, by=self.clerk, kind="deficiency", missing_items="单位盖章的事故经过说明",
                                    deficiency_deadline=timezone.localdate() + datetime.timedelta(days=10))

    # --- tiers 2 and 3 ------------------------------------------------------------------

    @staticmethod
    def working_day_before(day: datetime.date, working_days: int) -> datetime.date:
        for _ in range(working_days):
            day -= datetime.timedelta(days=1)
            while not clock.is_working_day(day):
                day -= datetime.timedelta(days=1)
        return day

    def morning_of(self, start, minutes: int, days_before: int = 0) -> datetime.datetime:
        """8:40 plus `minutes` on the working day `days_before` working days before `start`'s."""
        day = self.working_day_before(timezone.localtime(start, self.timeline.zone()).date(), days_before)
        return self.timeline.on(day, 8, 40) + datetime.timedelta(minutes=minutes)

    def transfer(self, start, n):
        """The pension transfer from another province, stuck two years: asked in writing, then the committee."""
        yield self.morning_of(start, 0)
        case = self.register(area="养老保险", channel="business_line", reporter_name="高振华",
                             reporter_id_number=self.person(datetime.date(1964, 8, 3), 317),
                             matter="养老保险关系从外省转入本市，两年未能办结",
                             failed_at="养老保险窗口", failure_reason="外省经办机构传来的缴费数据有误，窗口无法接续")
        yield self.morning_of(start, 30)
        case_classify(case=case, by=case.duty_leader, category="objective",
                      leader_instruction="养老保险科每天与外省养老保险经办机构联系，数据更正后当天办理接续。")
        case_dispatch(case=case, by=case.duty_leader, department=self.departments()["外省养老保险经办机构"], kind="cannot",
                      instruction="请核查并更正高振华1988—1999年缴费数据，书面答复更正时间。")
        yield start
        case_escalate(case=case, by=case.duty_leader, reason="需外省经办机构更正数据，一个工作日内无法解决，提交中心党委研究。")

    def at_committee(self, start, n):
        yield self.morning_of(start, 5)
        case = self.register(area="人事档案", **self.newcomer(n), matter="原乡镇企业职工档案找不到，无法认定工龄",
                             failed_at="人事档案室", failure_reason="档案移交记录缺失")
        yield self.morning_of(start, 40)
        case_classify(case=case, by=case.duty_leader, category="objective", leader_instruction="人事档案室到原乡镇查找档案。")
        order = case_dispatch(case=case, by=case.duty_leader, department=self.departments()["人事档案室"], kind="should",
                              instruction="到原乡镇和档案馆查找职工档案，五个工作日内答复。")
        work_order_sign(order=order, by=order.department.head)
        yield start
        case_escalate(case=case, by=case.duty_leader, reason="档案下落需跨部门查找，一个工作日内无法解决。")

    def at_party_group(self, start, n):
        yield self.morning_of(start, 10, days_before=1)
        case = self.register(area="劳动关系", **self.newcomer(n), matter="农民工集体讨薪，总包方与分包方互相推诿",
                             failed_at="劳动关系科", failure_reason="涉及多个部门，窗口无法协调")
        yield self.morning_of(start, 6 * 60, days_before=1)
        case_classify(case=case, by=case.duty_leader, category="objective", leader_instruction="劳动关系科摸清欠薪情况。")
        case_escalate(case=case, by=case.duty_leader, reason="涉及住建、公安多个部门，提交中心党委协调。")
        yield start
        case_escalate(case=case, by=self.staff["committee"], reason="需局党组协调总包方先行垫付。")

    def bankrupt(self, start, n):
        """A bankrupt employer's unpaid contributions: a meeting, an extension asked for, committee → party group."""
        yield self.morning_of(start, 0, days_before=1)
        case = self.register(area="养老保险", reporter_name="田淑珍",
                             reporter_id_number=self.person(datetime.date(1965, 3, 9), 412),
                             matter="原单位破产前欠缴2003—2006年养老保险费，到龄无法按时退休",
                             failed_at="养老保险窗口", failure_reason="欠费期间缴费记录空白，政策上无法直接认定")
        yield self.morning_of(start, 20, days_before=1)
        departments = self.departments()
        case_classify(case=case, by=case.duty_leader, category="objective",
                      leader_instruction="召集养老保险科、社保中心研究破产企业欠费认定办法。")
        order = case_dispatch(case=case, by=case.duty_leader, department=departments["养老保险科"], kind="should",
                              instruction="核查破产清算材料中的欠费记录，提出补缴或认定方案。")
        work_order_sign(order=order, by=order.department.head)
        work_order_request_extension(order=order, by=order.department.head,
                                     until=timezone.localdate() + datetime.timedelta(days=30),
                                     reason="需向法院调取破产清算档案，预计需一个月。")
        yield self.morning_of(start, 6 * 60, days_before=1)
        meeting_record(case=case, by=case.duty_leader, held_at=timezone.now(),
                       departments=[departments["养老保险科"], departments["社保中心"]],
                       attendees="值班领导、养老保险科科长、社保中心主任",
                       decision="破产清算材料可作为欠费期间劳动关系的证明；补缴方案报局党组决定。")
        case_escalate(case=case, by=case.duty_leader, reason="涉及政策突破，提交中心党委研究。")
        yield start
        case_escalate(case=case, by=self.staff["committee"], reason="中心党委认为需局党组会议决定补缴政策。")
