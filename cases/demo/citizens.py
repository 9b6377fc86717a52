"""The citizens' side of the demo: web reports waiting for triage, and ratings of
every level in the last days (the day-to-day ones are in `ratings`). Mixed into
the demo's CaseLoader, whose office, clerk, areas and phone numbers it uses;
each method is a story on the timeline."""

import datetime

from django.utils import timezone

from cases.models import Callback, Case, Rating, State
from cases.services.aftercare import callback_record, rating_give
from cases.services.public import case_report_online


class CitizenStories:
    def report_online(self, *, area: str, **fields):
        """A citizen's report from the public form, waiting in the clerks' triage queue."""
        fields.setdefault("reporter_phone", self.phone())
        self.count += 1
        return case_report_online(office=self.office, files=[], business_area=self.area(area), **fields)

    def city_web_reports(self):
        """Reports from the public form for the clerks to triage: one a matter for the window,
        one from a person whose case is already in hand (to merge), one nonsense (to reject)."""
        yield self.timeline.now - datetime.timedelta(minutes=90)  # citizens write at any hour
        self.report_online(
            area="医疗保险", reporter_name="韩雪梅", reporter_id_number=self.person(datetime.date(1975, 1, 23), 248),
            matter="给母亲办理门诊慢特病认定，网上申请被退回三次", failed_at="网上办事大厅",
            failure_reason="每次退回的理由不一样，也不说缺什么材料",
        )
        yield self.timeline.now - datetime.timedelta(minutes=50)
        self.report_online(
            area="失业保险", reporter_name="田志远", reporter_id_number=self.person(datetime.date(1990, 9, 19), 157),
            matter="失业保险金的事昨天在窗口登记了，想问问现在谁在办", failed_at="就业失业登记窗口",
            failure_reason="登记后还没有人联系我",
        )
        yield self.timeline.now - datetime.timedelta(minutes=20)
        self.report_online(
            area="其他", reporter_name="推广员", reporter_id_number=self.person(datetime.date(1994, 2, 14), 311),
            matter="低价代办各类证件，加微信详谈", failure_reason="无",
        )

    def county_web_report(self):
        yield self.timeline.now - datetime.timedelta(minutes=70)
        self.report_online(area="养老保险", reporter_name="邵国庆",
                           reporter_id_number=self.person(datetime.date(1962, 10, 3), 135),
                           matter="网上申请养老保险待遇资格认证，人脸识别一直失败",
                           failure_reason="手机上反复提示认证失败，不知道还能怎么办")

    def aftercare_stories(self):
        """The last days' ratings: every level once (the bad ones under rectification),
        a callback partly solved, one not reached yet, the rest still due."""
        yield self.ago(3, hour=16)
        closed = list(Case.objects.filter(office=self.office, state=State.CLOSED, ratings__isnull=True,
                                          closed_at__gte=timezone.now() - datetime.timedelta(days=21))
                      .order_by("-closed_at", "id")[:8])
        ratings = [
            (Rating.Level.VERY_SATISFIED, ["done_at_once", "warm"], "一次就办好了，感谢！", None),
            (Rating.Level.SATISFIED, ["solved"], "", self.clerk),
            (Rating.Level.BASICALLY_SATISFIED, ["slow"], "等得有点久。", None),
            (Rating.Level.DISSATISFIED, ["not_solved", "passed_around"], "跑了两趟还是没说清楚该去哪个窗口。", None),
            (Rating.Level.VERY_DISSATISFIED, ["attitude"], "窗口人员态度生硬。", self.clerk),
        ]
        for case, (level, reasons, comment, by) in zip(closed, ratings):
            rating_give(case=case, level=level, reasons=reasons, comment=comment, by=by)
        yield self.ago(3, hour=16) + datetime.timedelta(minutes=30)
        calls = [("satisfied", "群众表示问题已解决。"), ("partly", "待遇已恢复，补发部分还在核算。"), ("not_reached", "")]
        for case, (outcome, note) in zip(closed[5:], calls):
            callback = case.callbacks.filter(kind=Callback.Kind.AFTER_CLOSING, done_at__isnull=True).first()
            if callback is not None:
                callback_record(callback=callback, by=self.clerk, outcome=outcome, note=note)
        # The "dissatisfied" verifying callback is made the next morning; the "very dissatisfied" one is still due.
        yield self.ago(2, hour=9)
        verifying = Callback.objects.filter(case=closed[3], kind=Callback.Kind.VERIFYING, done_at__isnull=True).first()
        if verifying is not None:
            callback_record(callback=verifying, by=self.clerk, outcome="not_solved",
                            note="核实属实：窗口未一次性告知办理窗口。")
