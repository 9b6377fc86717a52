"""The demo offices' stories: those of the domain note, told through the real services on their days.

Each office gets six months of day-to-day cases (`history`), the cases still
open now (`now`), its citizens' side (`citizens`) and, in the city bureau, the
stories of docs/domain.md. Each is a story on the timeline (`timeline`): the
case numbers, audit rows, deadlines and encrypted identifiers are what
production makes on those days.
"""

import datetime

from django.utils import timezone

from cases.models import Callback, InstitutionalInnovation
from cases.services import (
    case_approve_deficiency,
    case_classify,
    case_record_accountability,
    case_record_citizen_outcome,
    case_record_special_handling,
    case_record_staff_fault,
    case_register,
    case_resolve,
)
from cases.services.aftercare import callback_record
from routing import clock, rota
from routing.models import BusinessArea, Office, User

from .citizens import CitizenStories
from .history import INNOVATIONS, History
from .now import OpenNow
from .people import id_number, years_ago

# Day-to-day cases per working day, and the seed of each office's draws.
PER_DAY = {"DD": 1.6, "DG": 0.6, "FC": 0.5, "ZJK": 0.4}
SEED = {"DD": 1, "DG": 2, "FC": 3, "ZJK": 4}


class CaseLoader(CitizenStories, OpenNow):
    """One office's demo cases, as its staff would have handled them."""

    def __init__(self, office: Office, staff: dict[str, User], region: str, timeline):
        self.office = office
        self.staff = staff
        self.clerk = staff["clerk"]
        self.region = region
        self.timeline = timeline
        self.count = 0
        self._phone = 0

    def schedule(self, code: str, start: datetime.date) -> None:
        """Put the office's stories on the timeline; they run with `timeline.run()`."""
        history = History(self, self.timeline, per_day=PER_DAY[code], seed=SEED[code])
        stories = list(history.stories(start, self.timeline.today()))
        self.people = history.people  # the cases open now are brought by more new people
        stories += {"DD": [self.city_stories(), self.city_web_reports(), self.aftercare_stories()],
                    "DG": [self.dg_stories(), self.county_web_report()],
                    "FC": [self.fc_stories()], "ZJK": [self.zjk_stories()]}[code]
        stories += self.open_now(code)
        for story in stories:
            self.timeline.add(story)

    # --- helpers ------------------------------------------------------------

    def area(self, name: str) -> BusinessArea:
        return self.office.business_areas.get(name=name)

    def phone(self) -> str:
        self._phone += 1
        return f"139{self.office.pk % 10:01d}{4150000 + self._phone * 37:07d}"

    def person(self, birth: datetime.date, sequence: int) -> str:
        return id_number(self.region, birth, sequence)

    def leader_on(self, day: datetime.date) -> User:
        return rota.duty_leader_on(self.office, day) or self.staff["leader"]

    @property
    def leader(self) -> User:
        """The duty leader of the day the clock stands at."""
        return self.leader_on(timezone.localdate())

    def ago(self, days: int, hour: int = 10) -> datetime.datetime:
        """`hour` o'clock on the last working day `days` days before today."""
        day = self.timeline.today() - datetime.timedelta(days=days)
        while not clock.is_working_day(day):
            day -= datetime.timedelta(days=1)
        return self.timeline.on(day, hour, 5 * (days % 12))

    def rule(self, key: str):
        return InstitutionalInnovation.objects.filter(office=self.office, title=INNOVATIONS[key][0]).first()

    def called_back(self, case):
        """The clerk's call the next working morning: the citizen is satisfied."""
        case.refresh_from_db()
        callback = case.callbacks.filter(kind=Callback.Kind.AFTER_CLOSING, done_at__isnull=True).first()
        if callback is None:
            return
        yield self.timeline.later(case.closed_at, 1, 10, 0)
        callback_record(callback=callback, by=self.clerk, outcome="satisfied", note="群众表示问题已解决。")

    def register(self, *, area: str, channel: str = "window", **fields):
        fields.setdefault("reporter_phone", self.phone())
        self.count += 1
        return case_register(clerk=self.clerk, channel=channel, business_area=self.area(area), **fields)

    def special(self, case, *, kind: str, procedure: str, result: str, instruction: str = "", close: bool = True,
                innovation=None):
        """An objective-cause case handled as a special case and resolved by the duty leader."""
        case_classify(case=case, by=case.duty_leader, category="objective", leader_instruction=instruction)
        case_record_special_handling(case=case, by=case.duty_leader, kind=kind, procedure=procedure,
                                     is_common_problem=innovation is not None, innovation=innovation)
        return case_resolve(case=case, by=case.duty_leader, result=result, close=close)

    def staff_side(self, case, *, regular_window: str, staff_member: str, answer: str, result: str):

        case_classify(case=case, by=self.clerk, category="staff")
        case_record_staff_fault(case=case, by=self.clerk, regular_window=regular_window,
                                section_head=self.staff["head2"].get_full_name(), staff_member=staff_member,
                                answer=answer)
        return case_resolve(case=case, by=case.duty_leader, result=result, close=True)

    # --- the stories of docs/domain.md, in the city bureau ---------------------

    def city_stories(self):

        yield self.ago(150)
        # A name written wrong at the restructuring of a state enterprise 20 years ago.
        case = self.register(
            area="人事档案", reporter_name="邵长林", reporter_id_number=self.person(datetime.date(1962, 11, 20), 135),
            matter="申领养老金，企业改制时档案中的名字被写错，与身份证不符",
            failed_at="养老保险窗口", failure_reason="档案姓名与身份证姓名不一致，窗口无法认定为本人",
        )
        self.special(
            case, kind="legacy",
            instruction="在研究室召开档案、养老部门协调会。",
            procedure="值班领导在研究室召集人事档案室、养老保险科协调会，比对改制职工名册、工资表和原单位证明，"
                      "认定为同一人并形成会议纪要。",
            result="确认档案所记为本人，姓名已更正，养老金按月发放。",
        )

        yield from self.called_back(case)
        yield self.ago(120)
        # A neighbour reports for a 63-year-old disabled man whose file was lost.
        case = self.register(
            area="养老保险", reporter_name="马桂兰", reporter_id_number=self.person(datetime.date(1970, 2, 14), 246),
            on_behalf=True, subject_name="范德胜", subject_relation="邻居",
            subject_id_number=self.person(years_ago(63, 4, 18), 151),
            matter="邻居是残疾人，原单位破产，档案丢失，一直领不到养老金",
            failed_at="养老保险窗口", failure_reason="没有档案，无法核定视同缴费年限",
        )
        self.special(
            case, kind="legacy",
            instruction="工作人员上门了解情况，查找档案下落。",
            procedure="工作人员入户走访，在街道办事处找到其档案，核定视同缴费年限后办理退休。",
            result="已办理退休，每月领取养老金1783元。",
        )

        yield from self.called_back(case)
        yield self.ago(104)
        # A 76-year-old woman's pension stopped because another province changed its form: solved in an hour.
        case = self.register(
            area="养老保险", channel="hotline", reporter_name="潘淑兰",
            reporter_id_number=self.person(years_ago(76, 9, 6), 262),
            matter="养老金被停发，需要办理外省领取待遇资格认证",
            failed_at="养老保险窗口", failure_reason="外省更换了认证表格，老人不会办理",
        )
        case_record_citizen_outcome(case=case, by=self.clerk, kind="solved")
        case_resolve(case=case, by=self.clerk, close=True,
                     result="窗口与外省经办机构联系，按新表格当场代为完成认证，一小时内恢复发放。")

        yield from self.called_back(case)
        yield self.ago(100)
        # A veteran whose file birth date differs from his ID card.
        case = self.register(
            area="养老保险", reporter_name="董守义", reporter_id_number=self.person(datetime.date(1958, 7, 1), 171),
            matter="退役军人办理退休，档案记载的出生日期与身份证不一致",
            failed_at="养老保险窗口", failure_reason="出生日期不一致，窗口无法确定退休时间",
        )
        self.special(
            case, kind="bottleneck",
            instruction="窗口、社保中心与退役军人事务局当日会商。",
            procedure="按“以最早档案记载为准”的规定认定出生日期，窗口、社保中心和退役军人事务局当日达成一致。",
            result="确定退休时间，补发养老金28000元。",
        )

        yield from self.called_back(case)
        yield self.ago(92)
        # A clinic whose two licences show two names: the answer became a standing rule.
        case = self.register(
            area="医疗保险", channel="website", reporter_name="温海燕",
            reporter_id_number=self.person(datetime.date(1979, 3, 28), 284),
            matter="诊所申请医保定点，营业执照和医疗机构执业许可证上的名称不一致",
            failed_at="医保窗口", failure_reason="没有任何窗口出具过“两个名称是同一诊所”的证明",
        )
        case_classify(case=case, by=case.duty_leader, category="objective",
                      leader_instruction="医疗保险科会同审批部门研究，两个工作日内答复。")
        self.special(case, kind="bottleneck",
                     procedure="核对两个证照的统一社会信用代码、地址和法定代表人，出具同一主体认定意见。",
                     result="两个工作日内办结，诊所已完成医保定点申请；做法形成制度。")

        yield from self.called_back(case)
        yield self.ago(80)  # after the rule was adopted (cases.demo.history.INNOVATIONS)
        case = self.register(
            area="医疗保险", reporter_name="崔永明", reporter_id_number=self.person(datetime.date(1975, 12, 9), 193),
            matter="门诊部办理医保结算，两个证照名称不同",
            failed_at="医保窗口", failure_reason="窗口要求两个证照名称一致",
        )
        self.special(case, kind="bottleneck", innovation=self.rule("clinic"),
                     procedure="按“同一医疗机构名称不一致的认定办法”出具认定意见。",
                     result="已按新办法认定，转医保窗口正常办理。")

        yield from self.called_back(case)
        yield self.ago(45)
        # Acceptance with deficiencies, approved by the duty leader.
        case = self.register(
            area="工伤保险", reporter_name="石红军", reporter_id_number=self.person(datetime.date(1981, 6, 17), 215),
            matter="申请工伤医疗费报销，缺少一张门诊收据原件",
            failed_at="工伤保险科", failure_reason="材料不全，窗口不予受理",
        )
        case_record_citizen_outcome(case=case, by=self.clerk, kind="deficiency", missing_items="门诊收据原件一张",
                                    deficiency_deadline=timezone.localdate() + datetime.timedelta(days=14))
        case_approve_deficiency(case=case, by=case.duty_leader)
        case_resolve(case=case, by=self.clerk, close=True, result="值班领导批准容缺受理，申请人承诺两周内补交收据原件。")

        yield from self.called_back(case)
        yield self.ago(30)
        # Staff side: the regular window sent the person away; closed, then held to account.
        case = self.register(
            area="医疗保险", reporter_name="钱玉珍", reporter_id_number=self.person(datetime.date(1957, 10, 23), 288),
            matter="办理生育医疗费报销，窗口三次让回去补材料",
            failed_at="医保窗口", failure_reason="窗口每次只说缺一样材料，没有一次性告知",
        )
        self.staff_side(case, regular_window="医保窗口", staff_member="鲁小燕",
                        answer="科长到窗口当面说明，材料齐全，可以当场办理。",
                        result="科长到场后当场办结报销。")
        case_record_accountability(
            case=case, by=case.duty_leader, staff_member="鲁小燕", section_head=self.staff["head2"].get_full_name(),
            leader_in_charge=self.leader.get_full_name(), finding="未落实一次性告知制度，致群众三次往返。",
            measure="对窗口人员批评教育并全局通报，科长作书面检查。", referred_to_discipline=True,
        )

        yield from self.called_back(case)
        yield self.ago(21)
        # Refusal with the written legal reason.
        case = self.register(
            area="养老保险", reporter_name="蒋福山", reporter_id_number=self.person(datetime.date(1960, 1, 30), 333),
            matter="要求按月领取养老金，累计缴费不满十五年",
            failed_at="养老保险窗口", failure_reason="缴费年限不够，窗口不予办理",
        )
        case_record_citizen_outcome(
            case=case, by=self.clerk, kind="refusal",
            legal_basis="《中华人民共和国社会保险法》第十六条：参加基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，"
                        "按月领取基本养老金。",
            refusal_reasons="累计缴费不足十五年，不能按月领取基本养老金；可以缴费至满十五年后按月领取。",
        )
        case_resolve(case=case, by=self.clerk, close=True, result="已书面说明不能办理的法律依据，并告知可以继续缴费至满十五年。")

        yield from self.called_back(case)
        yield self.ago(9)
        # Guided to a regular window with a one-time notice.
        case = self.register(
            area="医疗保险", reporter_name="方丽娟", reporter_id_number=self.person(datetime.date(1986, 4, 11), 126),
            matter="外地住院费用回本地报销",
            failed_at="医保窗口", failure_reason="不知道需要哪些材料，来回跑了两次",
        )
        case_record_citizen_outcome(
            case=case, by=self.clerk, kind="guided", regular_window="医保窗口",
            materials="身份证原件\n社会保障卡\n住院费用发票原件\n费用明细清单\n出院小结",
            steps="到医保窗口取号\n提交全部材料\n窗口审核后十个工作日内到账",
        )
        case_resolve(case=case, by=self.clerk, close=True, result="已出具一次性告知单，引导到医保窗口办理。")

        # Two women with the same name share one ID number: a school mis-registered one of them.
        # Resolved; closed once both women have been told.
        yield from self.called_back(case)
        yield self.ago(2)
        shared = self.person(datetime.date(1966, 5, 12), 224)
        case = self.register(
            area="养老保险", reporter_name="刘秀英", reporter_id_number=shared,
            matter="办理退休，核对工龄时发现另一位同名同姓、同年同月出生的刘秀英与本人共用一个身份证号码",
            failed_at="养老保险窗口", failure_reason="两人身份信息冲突，系统无法区分，窗口不能受理退休申请",
        )
        self.special(
            case, kind="legacy",
            instruction="人事档案室、养老保险科共同核查两人原始档案和户籍资料。",
            procedure="调取两人学籍、招工和户籍原始档案，确认系当年学校登记错误；公安机关为其中一人更正身份证号码，"
                      "养老保险科分别更正两人的参保记录。",
            result="两人身份记录已分开并更正，其中一人找回20年工龄，退休申请转常规窗口办理。", close=False,
        )

    # --- the county bureaus and the unrelated office --------------------------

    def dg_stories(self):
        yield self.ago(8)
        self.register(
            area="养老保险", reporter_name="宋海波", reporter_id_number=self.person(datetime.date(1965, 3, 2), 119),
            matter="渔业企业改制后养老保险缴费年限中断，要求补记",
            failed_at="养老保险窗口", failure_reason="原单位已注销，无人出具证明",
        )
        yield self.ago(6)
        case = self.register(
            area="工伤保险", channel="business_line", reporter_name="邹立平",
            reporter_id_number=self.person(datetime.date(1978, 5, 6), 231),
            matter="申请工伤认定，缺少单位盖章的事故经过说明", failed_at="工伤保险科",
            failure_reason="单位不配合盖章",
        )
        case_record_citizen_outcome(case=case, by=self.clerk, kind="deficiency", missing_items="单位盖章的事故经过说明",
                                    deficiency_deadline=timezone.localdate() + datetime.timedelta(days=10))
        case_approve_deficiency(case=case, by=case.duty_leader)
        case_resolve(case=case, by=case.duty_leader, result="批准容缺受理，工伤保险科向单位调查取证。")

    def fc_stories(self):
        yield self.ago(3)

        case = self.register(
            area="人事档案", reporter_name="柏玉芬", reporter_id_number=self.person(datetime.date(1968, 12, 1), 242),
            matter="原乡镇企业职工档案找不到，无法认定工龄", failed_at="人事档案室",
            failure_reason="档案移交记录缺失",
        )
        case_classify(case=case, by=case.duty_leader, category="objective", leader_instruction="人事档案室到原乡镇查找档案。")
        yield self.ago(2)
        case = self.register(
            area="就业", reporter_name="鲍春雷", reporter_id_number=self.person(datetime.date(1993, 7, 7), 153),
            matter="申请就业困难人员认定，窗口说不归他们管", failed_at="就业失业登记窗口",
            failure_reason="窗口推诿",
        )
        self.staff_side(case, regular_window="就业失业登记窗口", staff_member="史晓东",
                        answer="科长到窗口说明，属本窗口职责，当场受理。",
                        result="当场受理就业困难人员认定。")

    def zjk_stories(self):
        yield self.ago(6)
        self.register(
            area="养老保险", channel="website", reporter_name="贾润田",
            reporter_id_number=self.person(datetime.date(1961, 4, 4), 177),
            matter="城乡居民养老保险转职工养老保险，缴费年限无法合并", failed_at="养老保险窗口",
            failure_reason="两种保险衔接规定不清楚",
        )
        yield self.ago(5)
        case = self.register(
            area="医疗保险", reporter_name="牛淑琴", reporter_id_number=self.person(datetime.date(1955, 8, 8), 268),
            matter="退休人员医保个人账户划入金额有误", failed_at="医保窗口",
            failure_reason="历史数据迁移错误，窗口无权修改",
        )
        self.special(case, kind="legacy", procedure="社保中心核对迁移前原始数据，报批后更正。",
                     result="个人账户已更正并补划差额。")
