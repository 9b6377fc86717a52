"""What people bring to the window over six months: the matters of the demo's day-to-day cases.

Each matter says where it failed (a regular window, a section, the online hall),
why, and how it is handled — its `path`:

- "solved" / "guided": a simple matter answered and closed at once;
- "deficiency": accepted with a paper missing, approved by the duty leader;
- "refusal": cannot be done, refused in writing with the legal basis;
- "staff": the regular window's fault, its section head summoned;
- "special": an objective cause the duty leader handles as a special case;
- "order": sent to a department by work order, closed when it answers (the
  tier clock may run out meanwhile: the timer takes it to the committee);
- "hard": a policy question that goes up to the bureau party group.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Matter:
    area: str
    failed_at: str
    matter: str
    reason: str
    path: str
    result: str
    # guided: regular window materials, steps; deficiency: missing; refusal: legal, refusals;
    # staff: staff_member, answer; special: kind, procedure; order/hard: department, kind, instruction, answer.
    extra: dict = field(default_factory=dict)


PENSION_WINDOW, MEDICAL_WINDOW, JOBS_WINDOW = "养老保险窗口", "医保窗口", "就业失业登记窗口"
ONLINE = "网上办事大厅"

MATTERS = [
    # --- simple matters, answered at once -------------------------------------------------
    Matter("养老保险", PENSION_WINDOW, "咨询退休年龄和养老金领取条件", "不清楚办理条件，常规窗口排队时间长", "solved",
           "已告知法定退休年龄及累计缴费满十五年的领取条件，群众表示清楚。"),
    Matter("医疗保险", MEDICAL_WINDOW, "办理异地就医备案", "不知道需要哪些材料", "guided",
           "已出具一次性告知单，引导到医保窗口办理。",
           {"window": MEDICAL_WINDOW, "materials": "身份证原件\n社会保障卡\n异地居住证明或异地工作证明",
            "steps": "到医保窗口取号\n提交材料\n当场办结备案"}),
    Matter("失业保险", ONLINE, "查询失业保险金领取进度", "网上查询显示异常", "solved",
           "核实系统记录，本月失业保险金已发放，已答复。"),
    Matter("就业", JOBS_WINDOW, "申请一次性创业补贴", "材料不全被窗口退回", "guided",
           "已一次性告知全部材料和流程，引导到就业失业登记窗口申请。",
           {"window": JOBS_WINDOW, "materials": "身份证原件\n营业执照副本\n创业场所租赁合同\n银行账户信息",
            "steps": "登记创业信息\n提交材料\n等待审核公示"}),
    Matter("养老保险", PENSION_WINDOW, "办理灵活就业人员养老保险参保登记", "不清楚缴费基数如何选择", "guided",
           "已讲解缴费档次，出具一次性告知单，引导到养老保险窗口办理。",
           {"window": PENSION_WINDOW, "materials": "身份证原件\n户口簿\n银行卡", "steps": "填写参保登记表\n选择缴费档次\n签订委托扣款协议"}),
    Matter("医疗保险", MEDICAL_WINDOW, "咨询门诊慢特病待遇申报时间", "热线占线多次未打通", "solved",
           "已告知每月集中受理时间和申报材料，群众满意。"),
    Matter("工伤保险", "工伤保险科", "申请工伤认定", "单位未在规定时间内申报", "guided",
           "已告知个人在事故伤害发生之日起一年内可直接申请，出具一次性告知单。",
           {"window": "工伤保险科", "materials": "工伤认定申请表\n劳动关系证明\n医疗诊断证明", "steps": "提交申请\n补充调查材料\n等待认定决定"}),
    Matter("劳动关系", "劳动关系科", "咨询解除劳动合同的经济补偿", "不清楚计算方法", "solved",
           "已按工作年限讲解经济补偿计算方法，并告知劳动争议调解渠道。"),
    Matter("人事档案", "人事档案室", "调取本人存档的人事档案材料复印件", "档案室要求单位介绍信", "guided",
           "已一次性告知所需材料，引导到人事档案室办理。",
           {"window": "人事档案室", "materials": "身份证原件\n存档人员本人书面申请", "steps": "提交申请\n档案室核对身份\n当场复印加盖公章"}),
    Matter("其他", ONLINE, "询问社会保障卡补办地点", "网站办事指南链接失效", "solved",
           "已答复补办网点地址和办理时间，并反馈网站管理员修复链接。"),
    Matter("养老保险", "自助服务区", "查询本人养老保险缴费年限", "自助机无法打印", "solved",
           "已通过系统查询并告知累计缴费年限，告知可在网站下载参保证明。"),
    Matter("失业保险", JOBS_WINDOW, "申领失业保险金", "原单位未出具解除劳动合同证明", "guided",
           "已一次性告知领取条件和材料，引导到就业失业登记窗口。",
           {"window": JOBS_WINDOW, "materials": "身份证原件\n解除或终止劳动合同证明\n社会保障卡", "steps": "办理失业登记\n申领失业保险金\n按月领取"}),
    Matter("医疗保险", MEDICAL_WINDOW, "新生儿参加城乡居民医保", "不知道出生后多久内可以参保", "solved",
           "已告知出生后三个月内参保缴费的，自出生之日起享受待遇，当场协助办理。"),
    Matter("就业", JOBS_WINDOW, "高校毕业生报到登记", "不清楚报到证遗失后怎么办", "guided",
           "已告知无需报到证，凭毕业证和身份证到就业失业登记窗口登记。",
           {"window": JOBS_WINDOW, "materials": "身份证原件\n毕业证原件", "steps": "填写登记表\n窗口审核\n当场登记"}),
    Matter("养老保险", ONLINE, "网上办理养老保险待遇资格认证失败", "人脸识别一直不通过", "solved",
           "指导在窗口当场完成认证，告知下次认证时间。"),
    Matter("劳动关系", "劳动关系科", "咨询单位拖欠工资如何投诉", "不知道找哪个部门", "solved",
           "已告知劳动保障监察投诉渠道和所需证据，当场登记投诉。"),
    # --- the citizen's side, with a decision ------------------------------------------------
    Matter("工伤保险", "工伤保险科", "申请工伤医疗费报销，缺少一张门诊收据原件", "材料不全，窗口不予受理", "deficiency",
           "值班领导批准容缺受理，申请人承诺两周内补交收据原件。", {"missing": "门诊收据原件一张"}),
    Matter("养老保险", PENSION_WINDOW, "办理退休手续，缺少一份招工登记表", "档案中招工表缺失，窗口不予受理", "deficiency",
           "批准容缺受理，人事档案室协助查找招工表，先行办理退休。", {"missing": "招工登记表"}),
    Matter("失业保险", JOBS_WINDOW, "申领失业保险金，离职证明未盖单位公章", "证明无效，窗口不予受理", "deficiency",
           "批准容缺受理，申请人承诺十个工作日内补交盖章证明。", {"missing": "盖单位公章的离职证明"}),
    Matter("养老保险", PENSION_WINDOW, "要求按月领取养老金，累计缴费不满十五年", "缴费年限不够，窗口不予办理", "refusal",
           "已书面说明不能办理的法律依据，并告知可以继续缴费至满十五年。",
           {"legal": "《中华人民共和国社会保险法》第十六条：参加基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，按月领取基本养老金。",
            "refusals": "累计缴费不足十五年，不能按月领取基本养老金；可以缴费至满十五年后按月领取。"}),
    Matter("失业保险", JOBS_WINDOW, "主动辞职后申领失业保险金", "窗口说主动辞职不能领取", "refusal",
           "已书面说明非因本人意愿中断就业方可领取的规定。",
           {"legal": "《失业保险条例》第十四条：非因本人意愿中断就业的，可以领取失业保险金。",
            "refusals": "本人主动辞职，不属于非因本人意愿中断就业，不能领取失业保险金。"}),
    # --- the staff's side ---------------------------------------------------------------
    Matter("医疗保险", MEDICAL_WINDOW, "办理生育医疗费报销，窗口三次让回去补材料", "窗口每次只说缺一样材料，没有一次性告知", "staff",
           "科长到场后当场办结报销。", {"staff_member": "鲁小燕", "answer": "科长到窗口当面说明，材料齐全，可以当场办理。"}),
    Matter("就业", JOBS_WINDOW, "申请就业困难人员认定，窗口说不归他们管", "窗口推诿", "staff",
           "当场受理就业困难人员认定。", {"staff_member": "史晓东", "answer": "科长到窗口说明，属本窗口职责，当场受理。"}),
    Matter("养老保险", PENSION_WINDOW, "办理养老保险关系转出，窗口让找原单位", "窗口人员不熟悉个人转出流程", "staff",
           "科长到场指导，当场出具参保缴费凭证。", {"staff_member": "孟庆丰", "answer": "个人可直接申请转出，科长当场指导办理。"}),
    Matter("医疗保险", MEDICAL_WINDOW, "医保个人账户家庭共济绑定，窗口说系统不支持", "窗口人员不了解新政策", "staff",
           "科长到场说明政策，当场完成绑定。", {"staff_member": "吕倩", "answer": "家庭共济已上线，科长当场操作办理。"}),
    # --- objective causes: the duty leader's special handling -----------------------------------
    Matter("养老保险", PENSION_WINDOW, "退休审批时发现档案出生日期前后不一致", "档案材料记载矛盾，窗口无法认定", "special",
           "已按最早档案记载认定出生日期，办理退休。",
           {"kind": "legacy", "procedure": "调取招工表、学籍档案比对，按“以最早档案记载为准”的规定认定。"}),
    Matter("医疗保险", MEDICAL_WINDOW, "诊所两个证照名称不一致，无法办理医保定点", "没有窗口出具“同一主体”证明", "special",
           "已按认定办法出具同一主体意见，转医保窗口受理。",
           {"kind": "bottleneck", "procedure": "核对统一社会信用代码、地址和法定代表人，出具同一主体认定意见。", "rule": "clinic"}),
    Matter("人事档案", "人事档案室", "企业改制时档案姓名写错，无法认定本人", "档案姓名与身份证不一致", "special",
           "确认档案所记为本人，姓名已更正。",
           {"kind": "legacy", "procedure": "比对改制职工名册、工资表和原单位证明，认定为同一人并形成纪要。"}),
    Matter("工伤保险", "工伤保险科", "原单位已注销，工伤待遇无人申报", "单位主体不存在，窗口无法受理", "special",
           "由工伤保险科依职权调查认定，待遇直接支付到个人账户。",
           {"kind": "bottleneck", "procedure": "工伤保险科依职权调查取证，以清算组材料代替单位申报。", "rule": "injury"}),
    Matter("医疗保险", MEDICAL_WINDOW, "门诊部医保结算，两个证照名称不同", "窗口要求两个证照名称一致", "special",
           "已按新办法认定，转医保窗口正常办理。",
           {"kind": "bottleneck", "procedure": "按“同一医疗机构名称不一致的认定办法”出具认定意见。", "rule": "clinic"}),
    # --- work orders to the departments --------------------------------------------------------
    Matter("养老保险", PENSION_WINDOW, "养老保险关系从外省转入，数据无法接续", "外省传来的缴费数据有误", "order",
           "外省更正数据后当天办理接续。",
           {"department": "养老保险科", "kind": "cannot", "instruction": "与转出地经办机构核对缴费数据，更正后办理接续。",
            "answer": "已与转出地核对，数据更正完毕，接续已办结。"}),
    Matter("医疗保险", MEDICAL_WINDOW, "住院费用报销三个月未到账", "窗口查询显示“审核中”", "order",
           "费用已审核到账，告知申请人。",
           {"department": "医疗保险科", "kind": "should", "instruction": "查明审核积压原因，三个工作日内办结报销。",
            "answer": "系审核人员调岗遗漏，已补审并拨付。"}),
    Matter("人事档案", "人事档案室", "档案转递一个月未收到", "档案室说已寄出，接收单位说没收到", "order",
           "档案已找回并重新转递。",
           {"department": "人事档案室", "kind": "should", "instruction": "查询机要转递记录，找回档案并重新转递。",
            "answer": "机要局查到档案滞留分拣中心，已取回重新转递。"}),
    Matter("工伤保险", "工伤保险科", "工伤认定结论作出后待遇迟迟未核定", "窗口说等上级系统升级", "order",
           "待遇已核定并发放。",
           {"department": "工伤保险科", "kind": "should", "instruction": "手工核定待遇，不得以系统升级为由拖延。",
            "answer": "已手工核定一次性伤残补助金并发放。"}),
    Matter("就业", JOBS_WINDOW, "社保补贴申请被驳回，理由与政策不符", "窗口按旧文件审核", "order",
           "按新文件重新审核，补贴已发放。",
           {"department": "就业促进科", "kind": "should", "instruction": "按现行文件重新审核并答复申请人。",
            "answer": "已按新文件重新审核通过，补贴已发放。"}),
    Matter("养老保险", "社保中心", "视同缴费年限核定后养老金没有调整", "社保中心与窗口互相推", "order",
           "养老金已重新核定，补发差额。",
           {"department": "社保中心", "kind": "should", "instruction": "重新核定养老金并补发差额。",
            "answer": "已重新核定，每月增加236元，补发差额1416元。"}),
    # --- policy questions for the party group ---------------------------------------------------
    Matter("养老保险", PENSION_WINDOW, "原单位破产前欠缴养老保险费，到龄无法退休", "欠费期间缴费记录空白，政策上无法认定", "hard",
           "局党组会议决定：以破产清算材料认定欠费期间劳动关系，由清算组补缴后办理退休。",
           {"department": "养老保险科", "kind": "cannot", "instruction": "核查破产清算材料中的欠费记录，提出认定方案。",
            "answer": "已核查清算材料，提出补缴方案，需党组决定。"}),
    Matter("劳动关系", "劳动关系科", "农民工集体讨薪，项目总包方与分包方互相推诿", "涉及多个部门，窗口无法协调", "hard",
           "局党组会议决定：由总包方先行垫付，劳动保障监察立案追偿。",
           {"department": "劳动关系科", "kind": "cannot", "instruction": "摸清欠薪人数和金额，联系住建部门。",
            "answer": "涉及37人、欠薪86万元，总包方拒绝垫付，需党组协调。"}),
]


def by_path(path: str) -> list[Matter]:
    return [m for m in MATTERS if m.path == path]
