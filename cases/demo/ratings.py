"""After a demo case is closed: the callback, the citizen's rating, and the rectification of a bad one.

Steps of a case's story (see `timeline`): the clerk calls back within the
office's callback days (now and then only at the second try, now and then
late), half of the citizens rate through the texted link or at the window,
and a bad rating is checked by a verifying callback and put right by the duty
leader — explained in writing, or the case reopened and handled again — before
the citizen rates once more.
"""

import datetime

from django.utils import timezone

from cases.models import Callback, Rating, Rectification, State
from cases.models.aftercare import REASONS
from cases.services import case_resolve
from cases.services.aftercare import (
    callback_record,
    rating_give,
    rating_may_be_given,
    rectification_finish,
    rectification_reopen_case,
)

LEVELS = [Rating.Level.VERY_SATISFIED, Rating.Level.SATISFIED, Rating.Level.BASICALLY_SATISFIED,
          Rating.Level.DISSATISFIED, Rating.Level.VERY_DISSATISFIED]
LEVEL_WEIGHTS = [52, 28, 11, 6, 3]
COMMENTS = {
    Rating.Level.VERY_SATISFIED: ["一次就办好了，感谢！", "工作人员很耐心。", ""],
    Rating.Level.SATISFIED: ["问题解决了。", "", "讲得很清楚。"],
    Rating.Level.BASICALLY_SATISFIED: ["等得有点久。", "跑了两趟。", ""],
    Rating.Level.DISSATISFIED: ["跑了两趟还是没说清楚该去哪个窗口。", "事情没有解决。"],
    Rating.Level.VERY_DISSATISFIED: ["窗口人员态度生硬。", "让我补了不需要的材料。"],
}
CALLBACK_NOTES = {"satisfied": "群众表示问题已解决。", "partly": "主要问题已解决，部分待遇还在核算。", "not_reached": ""}


class AfterCare:
    def __init__(self, loader, timeline, random):
        self.loader = loader
        self.clerk = loader.clerk
        self.timeline = timeline
        self.random = random

    def after_closing(self, case):
        tl, rnd = self.timeline, self.random
        closed = case.closed_at
        steps = []
        roll = rnd.random()
        if roll < 0.97:
            steps.append((tl.later(closed, rnd.choice([1, 1, 2]), rnd.choice([9, 10, 14, 15]), rnd.randrange(0, 60, 5)),
                          self.call_back))
        if roll < 0.5:
            steps.append((closed + datetime.timedelta(minutes=rnd.randrange(20, 60 * 30)), self.rate))
        last = timezone.now()  # the moment the story stands at (the clock is frozen there)
        for moment, step in sorted(steps, key=lambda s: s[0]):
            last = max(moment, last)  # a rectification may have outlasted the next step's own moment
            yield last
            for last in step(case, last):
                yield last

    def call_back(self, case, moment):
        callback = Callback.objects.filter(case=case, kind=Callback.Kind.AFTER_CLOSING, done_at__isnull=True).first()
        if callback is None:
            return
        outcome = self.random.choices(["satisfied", "partly", "not_reached"], [84, 6, 10])[0]
        callback_record(callback=callback, by=self.clerk, outcome=outcome, note=CALLBACK_NOTES[outcome])
        if outcome == "not_reached":
            yield self.timeline.later(moment, 1, 15, 30)
            callback_record(callback=callback, by=self.clerk, outcome="satisfied", note="第二次回访接通，群众表示满意。")

    def rate(self, case, moment, level=None):
        case.refresh_from_db()
        if not rating_may_be_given(case):  # rated already (the last days' scripted ratings), or open again
            return
        level = level or self.random.choices(LEVELS, LEVEL_WEIGHTS)[0]
        reasons = [self.random.choice(REASONS[level])[0]]
        at_window = self.random.random() < 0.2
        rating = rating_give(case=case, level=level, reasons=reasons, comment=self.random.choice(COMMENTS[level]),
                             by=self.clerk if at_window else None)
        if rating.is_bad:
            yield from self.rectify(case, moment)

    def rectify(self, case, moment):
        """The verifying call the next working day; then explained, or handled again, and rated once more."""
        tl = self.timeline
        rectification = Rectification.objects.get(case=case, done_at__isnull=True)
        leader = self.loader.leader_on(tl.later(moment, 1, 9, 0).date())
        yield tl.later(moment, 1, 9, 40)
        verifying = Callback.objects.get(rectification=rectification, kind=Callback.Kind.VERIFYING)
        callback_record(callback=verifying, by=self.clerk, outcome="partly", note="核实属实：群众反映的问题部分存在。")
        if self.random.random() < 0.5:
            yield tl.later(moment, self.random.choice([3, 5, 8]), 16, 0)
            rectification_finish(rectification=rectification, by=leader, outcome="explained",
                                 explanation="值班领导约见群众，当面说明政策依据和办理过程，对服务不周之处致歉。")
        else:
            yield tl.later(moment, 2, 10, 0)
            rectification_reopen_case(rectification=rectification, by=leader, reason="差评核实属实，重新办理。")
            yield tl.later(moment, 3, 15, 0)
            case.refresh_from_db()
            if case.state != State.TIER1:
                return  # the timer took it up meanwhile: the committee has it now
            case_resolve(case=case, by=case.duty_leader, result="重新办理完毕：" + case.result, close=True)
            rectification_finish(rectification=rectification, by=leader, outcome="rehandled",
                                 explanation="已重新办理并当面向群众说明。")
        yield tl.later(moment, 9, 11, 0)
        rating_give(case=case, level=self.random.choice([Rating.Level.SATISFIED, Rating.Level.BASICALLY_SATISFIED]),
                    reasons=[], comment="整改后问题解决了。")
