"""The demo's people: valid ID numbers, and the citizens of the simple consultations."""

import datetime

from django.utils import timezone


def id_number(region: str, birth: datetime.date, sequence: int) -> str:
    """A valid 18-character ID number (GB 11643: weighted sum modulo 11 gives the check character).

    The sequence's last digit is odd for men and even for women, as on real cards.
    """
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def years_ago(years: int, month: int, day: int) -> datetime.date:
    return datetime.date(timezone.localdate().year - years, month, day)


# Simple consultations, answered and closed at once (most of the window's traffic):
# (area, channel, outcome, matter, failure reason, result, regular window, materials, steps)
CONSULTATIONS = [
    ("养老保险", "hotline", "solved", "咨询退休年龄和养老金领取条件", "不清楚办理条件，常规窗口排队时间长",
     "已告知法定退休年龄及累计缴费满十五年的领取条件，来电人表示清楚。", "", "", ""),
    ("医疗保险", "window", "guided", "办理异地就医备案", "不知道需要哪些材料",
     "已出具一次性告知单，引导到医保窗口办理。", "医保窗口",
     "身份证原件\n社会保障卡\n异地居住证明或异地工作证明", "到医保窗口取号\n提交材料\n当场办结备案"),
    ("失业保险", "website", "solved", "查询失业保险金领取进度", "网上查询显示异常",
     "核实系统记录，本月失业保险金已发放，已在网上留言答复。", "", "", ""),
    ("就业", "business_line", "guided", "申请一次性创业补贴", "材料不全被窗口退回",
     "已一次性告知全部材料和流程，引导到就业失业登记窗口申请。", "就业失业登记窗口",
     "身份证原件\n营业执照副本\n创业场所租赁合同\n银行账户信息", "登记创业信息\n提交材料\n等待审核公示"),
    ("养老保险", "window", "guided", "办理灵活就业人员养老保险参保登记", "不清楚缴费基数如何选择",
     "已讲解缴费档次，出具一次性告知单，引导到养老保险窗口办理。", "养老保险窗口",
     "身份证原件\n户口簿\n银行卡", "填写参保登记表\n选择缴费档次\n签订委托扣款协议"),
    ("医疗保险", "hotline", "solved", "咨询门诊慢特病待遇申报时间", "热线占线多次未打通",
     "已告知每月集中受理时间和申报材料，来电人满意。", "", "", ""),
    ("工伤保险", "window", "guided", "申请工伤认定", "单位未在规定时间内申报",
     "已告知个人在事故伤害发生之日起一年内可直接申请，出具一次性告知单。", "工伤保险科",
     "工伤认定申请表\n劳动关系证明\n医疗诊断证明", "提交申请\n补充调查材料\n等待认定决定"),
    ("劳动关系", "business_line", "solved", "咨询解除劳动合同的经济补偿", "不清楚计算方法",
     "已按工作年限讲解经济补偿计算方法，并告知劳动争议调解渠道。", "", "", ""),
    ("人事档案", "window", "guided", "调取本人存档的人事档案材料复印件", "档案室要求单位介绍信",
     "已一次性告知所需材料，引导到人事档案室办理。", "人事档案室",
     "身份证原件\n存档人员本人书面申请", "提交申请\n档案室核对身份\n当场复印加盖公章"),
    ("其他", "website", "solved", "询问社会保障卡补办地点", "网站办事指南链接失效",
     "已答复补办网点地址和办理时间，并反馈网站管理员修复链接。", "", "", ""),
    ("养老保险", "hotline", "solved", "查询本人养老保险缴费年限", "自助机无法打印",
     "已通过系统查询并电话告知累计缴费年限，告知可在网站下载参保证明。", "", "", ""),
    ("失业保险", "window", "guided", "申领失业保险金", "原单位未出具解除劳动合同证明",
     "已一次性告知领取条件和材料，引导到就业失业登记窗口。", "就业失业登记窗口",
     "身份证原件\n解除或终止劳动合同证明\n社会保障卡", "办理失业登记\n申领失业保险金\n按月领取"),
]

REPORTERS = [
    ("张伟", 1972, 3, 8, 11), ("王芳", 1980, 7, 21, 22), ("李娜", 1991, 1, 5, 42), ("刘洋", 1985, 11, 30, 13),
    ("陈丽", 1968, 9, 14, 24), ("杨磊", 1995, 4, 2, 35), ("赵敏", 1977, 12, 18, 46), ("黄勇", 1963, 6, 9, 57),
    ("周静", 1988, 8, 27, 68), ("吴军", 1959, 2, 16, 79), ("徐艳", 1983, 10, 3, 82), ("孙浩", 1999, 5, 25, 93),
]
