#!/usr/bin/env python3
"""Seeded generator of Chinese customer-service response-record exports.

Why this exists: svccheck needs realistic input at two scales -- a 300-ticket
sample bundled with the package (``src/svccheck/data/sample-response-record.csv``)
and exports of up to millions of rows for benchmarks. Real exports cannot be
shipped (they hold personal data), so this script fabricates them from the
column layout of the 客户服务响应记录模板 (seed 004), in the encodings Excel
really produces (GB18030, UTF-8 with BOM, UTF-8).

Design points, each for a reason:

* Standard library only (but for the Parquet sink), so it runs in any CI
  image without installing the project.
* Everything derives from one ``random.Random(seed)``: the same arguments give
  byte-identical files, so tests can pin counts.
* Rows are produced and written one at a time (``csv.writer``); memory stays
  flat at a million tickets. Only the small per-violation manifest is kept.
* Most tickets are clean *and internally consistent* under the ``cn-baseline``
  standard (created <= first response <= resolved <= follow-up, resolved by the
  promised time, complaints owned by a supervisor and revisited, ...). About
  12% (``--violation-rate``) carry exactly one injected violation, chosen so that it should trip
  exactly one rule; the manifest names the ticket, the kind and the rule,
  which is what tests and benchmarks compare against.
* Texts are drawn anew for every ticket (``ticket_texts.py``), as in a real
  export, so that no per-value cache can make text checks look free. The
  proportions, at the default violation rate:

  - descriptions: the case's sentence with its product and an aside; about
    99% differ from every other one, and about 57% quote an order number
    (25% of tickets), a tracking number (12%), an amount (15%) or a time
    (12%);
  - personal data: 2.7% of descriptions (the ``pii_in_text`` violation)
    hold one value, dealt out over every kind and form -- mobile (plain,
    3-4-4, ``+86``, full-width, a 146 segment after 手机号), landline (with
    its area code, plain or grouped), resident ID (18 characters plain,
    6-8-4 or 6-4-4-4; 15 digits after 身份证), bank card (UnionPay, Visa in
    groups of four, American Express 4-6-5), e-mail and name (姓名：张伟,
    张先生, 客户张伟); the JSONL's first customer message repeats it;
  - resolutions: the case's answer, half of them naming the product, half
    with a refund amount, a new tracking number or a promised date;
  - contacts: ``138****5678`` 55%, the template's own ``1381234****`` 15%,
    the last four ``5678`` 15%, a full-width ``＊`` mask 3%, a masked
    landline ``0571-****6666`` 6%, a masked e-mail ``z***@163.com`` 6%; a
    whole mobile (plain, dashed, ``+86``), landline or e-mail where an
    ``unmasked_contact`` violation is planted, ``138XXXX5678`` where an
    ``x_mask`` one is;
  - chats (JSONL): 4 to 12 messages once an agent has answered -- the
    greeting, 0-3 exchanges quoting order and tracking numbers, amounts and
    dates (sometimes the customer writes twice), then the answer, the
    customer's confirmation and the thank-you; 1 to 4 customer messages on a
    ticket nobody has answered yet.
* The export is "taken" at ``AS_OF``, the Sunday evening after the last
  working day (what ``svccheck demo`` assumes): nothing in it lies in the
  future, tickets whose work would end later are still open, and a follow-up
  not yet due is simply absent. Nothing happens over that weekend, and the
  injections respect it, so any ``--as-of`` from ``STABLE_FROM`` up to
  ``STABLE_UNTIL`` yields the same findings (tests may say ``2025-11-30``).

Output formats are pluggable (``SINKS``): CSV (the Excel-style export),
JSONL (one ticket per line with a ``messages`` list, canonical field names)
and Parquet (a dump with the JSONL's fields, without messages; this one
sink needs polars).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

import ticket_texts as texts

# --------------------------------------------------------------------------
# Calendar: Asia/Shanghai working hours with the 2025 National Day holiday.
# --------------------------------------------------------------------------

#: Working hours (the cn-baseline standard: Mon-Fri 09:00-18:00 plus 调休).
DAY_START_H = 9
DAY_END_H = 18
WORK_MINUTES_PER_DAY = (DAY_END_H - DAY_START_H) * 60

#: Statutory days off and make-up workdays (调休) around the export window.
#: National Day + Mid-Autumn 2025: Oct 1-8 off, Sep 28 (Sun) and Oct 11 (Sat)
#: worked. New Year 2026: Jan 1-3 off, Jan 4 (Sun) worked.
HOLIDAYS: frozenset[date] = frozenset(
    [date(2025, 10, d) for d in range(1, 9)] + [date(2026, 1, d) for d in (1, 2, 3)]
)
MAKEUP_WORKDAYS: frozenset[date] = frozenset(
    [date(2025, 9, 28), date(2025, 10, 11), date(2026, 1, 4)]
)

#: Tickets are created on the working days of this window...
WINDOW_START = date(2025, 10, 9)
WINDOW_END = date(2025, 11, 28)
#: ...and the export is pulled on the weekend after it.
AS_OF = datetime(2025, 11, 30, 18, 0)
#: Every --as-of in [STABLE_FROM, STABLE_UNTIL) sees the same findings: all
#: recorded activity ends on Friday evening, open work resumes on Monday.
STABLE_FROM = datetime(2025, 11, 29, 0, 0)
STABLE_UNTIL = datetime(2025, 12, 1, DAY_START_H, 0)


def _build_workdays(first: date, last: date) -> list[date]:
    """All working days in ``[first, last]`` (weekdays minus holidays plus 调休)."""
    days: list[date] = []
    d = first
    while d <= last:
        if d in MAKEUP_WORKDAYS or (d.weekday() < 5 and d not in HOLIDAYS):
            days.append(d)
        d += timedelta(days=1)
    return days


#: Calendar span wide enough for due dates and follow-ups past the window.
_CAL_DAYS = _build_workdays(date(2025, 9, 1), date(2026, 1, 31))
_WORKDAY_SET = frozenset(_CAL_DAYS)
_NEXT_WORKDAY: dict[date, date] = {}
_d = date(2025, 9, 1)
_i = 0
while _d <= date(2026, 1, 20):
    while _CAL_DAYS[_i] <= _d:
        _i += 1
    _NEXT_WORKDAY[_d] = _CAL_DAYS[_i]
    _d += timedelta(days=1)
del _d, _i


def _day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, DAY_START_H)


def _day_end(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, DAY_END_H)


def to_working(t: datetime) -> datetime:
    """The first working instant at or after ``t``."""
    d = t.date()
    if d not in _WORKDAY_SET or t.hour >= DAY_END_H:
        return _day_start(_NEXT_WORKDAY[d])
    if t.hour < DAY_START_H:
        return _day_start(d)
    return t


def add_working(t: datetime, minutes: float) -> datetime:
    """``t`` plus ``minutes`` of working time (the clock stops outside hours)."""
    t = to_working(t)
    while True:
        left = (_day_end(t.date()) - t).total_seconds() / 60
        if minutes <= left:
            return t + timedelta(minutes=minutes)
        minutes -= left
        t = _day_start(_NEXT_WORKDAY[t.date()])


def minutes_left_today(t: datetime) -> float:
    """Working minutes between ``t`` and today's closing time (0 outside hours)."""
    if t.date() not in _WORKDAY_SET or not DAY_START_H <= t.hour < DAY_END_H:
        return 0.0
    return (_day_end(t.date()) - t).total_seconds() / 60


def working_minutes(a: datetime, b: datetime) -> float:
    """Working minutes elapsed from ``a`` to ``b`` (0 when ``b`` is not later)."""
    if b <= a:
        return 0.0
    a = to_working(a)
    total = 0.0
    while a < b:
        end = _day_end(a.date())
        if b <= end:
            return total + (b - a).total_seconds() / 60
        total += (end - a).total_seconds() / 60
        a = _day_start(_NEXT_WORKDAY[a.date()])
    return total


def next_day_is_workday(d: date) -> bool:
    """Whether the calendar day after ``d`` is a working day (no weekend gap)."""
    return (d + timedelta(days=1)) in _WORKDAY_SET


def ceil_half_hour(t: datetime) -> datetime:
    """Round up to :00/:30 -- promised times are quoted that way (17:00, 17:30)."""
    t = t.replace(second=0, microsecond=0)
    extra = (-t.minute) % 30
    return t + timedelta(minutes=extra)


def fmt_time(t: datetime, run_together: bool = False) -> str:
    """``2025-10-09 14:30``, or the template's run-together ``2025-10-0914:30``."""
    sep = "" if run_together else " "
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}{sep}{t.hour:02d}:{t.minute:02d}"


# --------------------------------------------------------------------------
# Vocabularies and text pools (consistent with each category).
# --------------------------------------------------------------------------

HEADERS: tuple[str, ...] = (
    "工单编号",
    "客户编号",
    "联系方式（隐藏后四位）",
    "渠道",
    "诉求类型",
    "问题描述（简述）",
    "紧急程度",
    "处理状态",
    "受理时间",
    "首次响应时间",
    "负责人",
    "负责人角色",
    "预计完成时间",
    "实际完成时间",
    "处理结果（简述）",
    "客户满意度（1-5分）",
    "回访时间",
    "备注",
)
(
    C_ID,
    C_CUSTOMER,
    C_CONTACT,
    C_CHANNEL,
    C_CATEGORY,
    C_DESCRIPTION,
    C_PRIORITY,
    C_STATUS,
    C_CREATED,
    C_FIRST,
    C_ASSIGNEE,
    C_ROLE,
    C_DUE,
    C_RESOLVED,
    C_RESOLUTION,
    C_SATISFACTION,
    C_FOLLOWUP,
    C_REMARKS,
) = range(len(HEADERS))

#: Column index -> canonical field name (used in the manifest and in JSONL).
CANONICAL: tuple[str, ...] = (
    "id",
    "customer_id",
    "contact",
    "channel",
    "category",
    "description",
    "priority",
    "status",
    "created_at",
    "first_response_at",
    "assignee",
    "assignee_role",
    "due_at",
    "resolved_at",
    "resolution",
    "satisfaction",
    "followup_at",
    "remarks",
)

CHANNELS: tuple[tuple[str, int], ...] = (
    ("电话", 30),
    ("在线客服", 35),
    ("邮件", 10),
    ("社交媒体", 12),
    ("门店", 8),
)
#: Channels that plausibly receive tickets after closing time.
AFTER_HOURS_CHANNELS: tuple[str, ...] = ("在线客服", "邮件", "社交媒体")

#: Canonical category -> (weight, labels with weights). The "类" forms are the
#: seed's section-一 spellings that some teams use in the same export.
CATEGORIES: dict[str, tuple[int, tuple[tuple[str, int], ...]]] = {
    "consult": (30, (("咨询类", 85), ("日常咨询类", 15))),
    "problem": (25, (("问题反馈", 85), ("问题反馈类", 15))),
    "complaint": (12, (("投诉类", 85), ("投诉建议类", 15))),
    "special": (8, (("特殊需求", 1),)),
    "after_sales": (25, (("售后", 1),)),
}

#: Priority mix per category: (urgent, normal, low) weights.
PRIORITY_MIX: dict[str, tuple[int, int, int]] = {
    "consult": (3, 62, 35),
    "problem": (25, 60, 15),
    "complaint": (40, 55, 5),
    "special": (5, 50, 45),
    "after_sales": (10, 65, 25),
}
PRIORITY_LABELS: dict[str, tuple[tuple[str, int], ...]] = {
    "urgent": (("紧急", 1),),
    "normal": (("一般", 95), ("普通", 5)),
    "low": (("低优先级", 1),),
}

STATUS_PENDING, STATUS_IN_PROGRESS, STATUS_RESOLVED, STATUS_CLOSED = (
    "待处理",
    "处理中",
    "已解决",
    "已关闭",
)

ROLE_AGENT, ROLE_SUPERVISOR = "专员", "主管"
AGENTS: tuple[str, ...] = (
    "客服专员张敏",
    "客服专员王芳",
    "客服专员刘洋",
    "客服专员陈静",
    "客服专员赵磊",
    "客服专员孙丽",
)
AFTER_SALES_AGENTS: tuple[str, ...] = ("售后专员吴刚", "售后专员郑洁")
SUPERVISORS: tuple[str, ...] = ("客服主管李强", "客服主管周婷")

#: Category -> (description, possible resolutions). Descriptions never carry
#: phone numbers or other personal data: the privacy rules must stay quiet.
CASES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "consult": (
        (
            "产品保修期是否包含人为损坏",
            (
                "保修期仅包含非人为质量问题，建议客户联系售后检测",
                "已说明保修政策，人为损坏可付费维修",
            ),
        ),
        ("产品保修期多久", ("已告知整机保修一年，主要部件保修三年",)),
        (
            "如何查询订单物流进度",
            ("已告知在“我的订单”中查看物流详情，客户已查到", "已查询物流，包裹预计明日送达"),
        ),
        ("快递显示已签收但本人未收到", ("已联系快递核实，包裹由驿站代收，客户已取件",)),
        ("订单发票如何开具", ("已指导客户在订单详情页申请电子发票",)),
        ("电子发票抬头填错能否重开", ("已作废原发票并重新开具，客户已收到",)),
        ("能否开具增值税专用发票", ("已告知开票所需资料，客户提交后已开具",)),
        ("会员积分如何兑换", ("已说明积分兑换规则并发送操作指引",)),
        ("优惠券为何无法使用", ("经核实优惠券未达使用门槛，已向客户解释",)),
        ("海外地址是否支持配送", ("已告知暂不支持海外配送",)),
        ("产品说明书丢失如何获取", ("已发送电子版说明书下载链接",)),
        ("以旧换新活动如何参加", ("已介绍活动规则及参与方式，客户表示明白",)),
    ),
    "problem": (
        ("APP无法登录，提示账号异常", ("已重置登录状态，客户重新登录成功",)),
        ("APP下单后支付页面无法跳转", ("技术修复系统bug，客户已重新下单成功",)),
        ("收到的商品与描述不符", ("已安排换货，新商品已发出", "已为客户办理退货退款")),
        ("短信验证码收不到", ("排查为运营商拦截，改用语音验证码后登录成功",)),
        ("订单状态长时间未更新", ("核实为系统同步延迟，现已恢复正常",)),
        ("退款申请提交后页面报错", ("技术修复接口问题，退款已重新提交",)),
        ("商品页面图片无法加载", ("已修复图片服务，页面恢复正常",)),
        ("账户余额显示不正确", ("已核对账单并修正余额显示",)),
        ("小程序闪退无法使用", ("已指导升级至最新版本，问题已解决",)),
        ("扫码支付后订单仍显示未付款", ("核实支付成功，已手动更新订单状态",)),
    ),
    "complaint": (
        ("客服电话三次未接通，影响紧急事务处理", ("协调排班优化，已回电致歉并解决问题",)),
        ("客服响应速度慢，等待超过半小时", ("已向客户致歉，并优化在线客服分流规则",)),
        ("配送员态度恶劣", ("已核实并处理配送员，向客户致歉并赠送优惠券",)),
        ("承诺的回电未兑现", ("已回电致歉，问题已处理完毕",)),
        ("多次反映同一问题未得到解决", ("已升级专项处理，问题彻底解决并致歉",)),
        ("退款迟迟未到账", ("已加急处理，退款已原路退回",)),
        ("门店工作人员服务态度差", ("已约谈门店负责人，并向客户致歉",)),
        ("电话被转接多次无人处理", ("已指定专人跟进，问题已解决",)),
        ("商品质量差，要求赔偿", ("经协商给予部分退款，客户接受",)),
        ("希望增加多语言支持", ("已记录建议并反馈产品部门，感谢客户建议",)),
    ),
    "special": (
        ("订单地址修改", ("已在发货前修改收货地址",)),
        ("定制化功能申请", ("已评估可行性，转产品部门排期",)),
        ("申请延长退货期限", ("经主管审批同意延长7天退货期",)),
        ("要求指定时间送货上门", ("已协调配送，按指定时间送达",)),
        ("需要开具纸质发票并邮寄", ("已开具纸质发票并寄出",)),
        ("申请合并多个订单发货", ("已合并订单统一发货",)),
        ("企业客户批量采购报价", ("已转销售部门提供报价方案",)),
    ),
    "after_sales": (
        ("申请退换货，商品尺码不合适", ("已办理换货，新商品已寄出",)),
        ("商品收到时外包装破损", ("已安排补发，破损件无需退回",)),
        ("耳机使用一周后单侧无声", ("已安排上门取件维修，维修后已寄回",)),
        ("空调安装后制冷效果差", ("已派师傅上门检测维修，恢复正常",)),
        ("申请七天无理由退货", ("退货审核通过，退款将于3个工作日内到账",)),
        ("洗衣机运行时有异响", ("维修师傅上门更换轴承，运行正常",)),
        ("手机屏幕出现竖线", ("寄回检测后在保修期内免费更换屏幕",)),
        ("维修进度查询", ("已告知维修进度，预计两天内寄回",)),
        ("换货商品一直未发出", ("已催促仓库发货并告知客户物流信息",)),
    ),
}
#: What an open ticket's 处理结果 says while work goes on (the template's
#: 处理中 row carries such a note).
PROGRESS_NOTES: tuple[str, ...] = (
    "已转技术支持排查，承诺24小时内反馈处理进度",
    "已上报客服主管，协调处理中",
    "协调排班优化，承诺2小时内回电",
    "已联系仓库核实，等待回复",
    "已安排师傅上门检测",
    "等待客户补充资料",
)
REMARKS_RESOLVED: tuple[tuple[str, int], ...] = (
    ("", 55),
    ("客户表扬处理及时", 10),
    ("客户表示理解", 10),
    ("需跟进回访", 7),
    ("已发送满意度调查短信", 7),
    ("客户要求电话回复", 6),
    ("已同步更新FAQ", 5),
)
REMARKS_COMPLAINT: tuple[tuple[str, int], ...] = (
    ("已向客户致歉", 35),
    ("需跟进回访", 35),
    ("", 20),
    ("已升级主管处理", 10),
)
REMARKS_OPEN: tuple[tuple[str, int], ...] = (
    ("", 50),
    ("需跟进回访", 25),
    ("等待客户补充资料", 15),
    ("已转技术支持", 10),
)
REMARK_UNHAPPY = "客户对处理结果不满意，需跟进回访"
#: Words by which a remark, note or resolution names an escalation to a
#: supervisor (escalation.complaint-owner reads 已升级主管处理, 专项处理 ...).
ESCALATION_WORDS: tuple[str, ...] = ("主管", "经理", "专项", "上报", "升级")


def _escalates(text: str) -> bool:
    return any(word in text for word in ESCALATION_WORDS)
#: Remarks that oblige a follow-up under revisit.after-resolution.
FOLLOWUP_REMARKS: tuple[str, ...] = ("需跟进回访", "需回访", "待回访")

SATISFACTION_MIX = (("5", 55), ("4", 32), ("3", 8), ("2", 3), ("1", 2))
#: Complaints score a little lower, but owners of complaints (supervisors)
#: should still average about 4 so kpi.satisfaction-average stays quiet.
SATISFACTION_MIX_COMPLAINT = (("5", 48), ("4", 36), ("3", 10), ("2", 4), ("1", 2))

MOBILE_PREFIXES: tuple[str, ...] = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "177",
    "180",
    "181",
    "182",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
)

# Message texts for the JSONL sink.
BRANDS: tuple[str, ...] = ("优选商城客服", "客服中心", "云购客服")
AGENT_ACKS: tuple[str, ...] = (
    "您反映的问题我已记录，马上为您处理。",
    "非常理解您的着急，我会尽力帮您解决。",
    "请问您方便提供一下订单号吗？我来帮您查询。",
)
BAD_OPENINGS: tuple[str, ...] = ("请讲，什么问题？", "收到，正在查。", "订单号发一下。")
FORBIDDEN_LINES: tuple[str, ...] = (
    "这个我也不清楚，你自己看一下订单页面吧。",
    "这是规定，我也没办法。",
    "这个不归我管，你找别的部门。",
)


# --------------------------------------------------------------------------
# The ticket model.
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Ticket:
    """One clean ticket before it is rendered; times are naive Asia/Shanghai."""

    id: str
    customer_id: str
    phone: str
    contact: str
    channel: str
    category: str
    category_label: str
    description: str
    priority: str
    priority_label: str
    status: str
    created: datetime
    first_response: datetime | None
    assignee: str
    role: str
    due: datetime
    resolved: datetime | None
    resolution: str
    satisfaction: str
    followup: datetime | None
    remarks: str
    run_together: bool
    #: Write an absent 实际完成时间 as ``-`` (as the template's 处理中 row does).
    dash_blank: bool = False
    #: The resolution the agent gave, kept for chat messages even when the
    #: ticket is still open.
    answer: str = ""

    @property
    def is_open(self) -> bool:
        return self.status in (STATUS_PENDING, STATUS_IN_PROGRESS)

    def row(self) -> list[str]:
        """The CSV row, every cell a string as Excel would export it."""
        rt = self.run_together
        return [
            self.id,
            self.customer_id,
            self.contact,
            self.channel,
            self.category_label,
            self.description,
            self.priority_label,
            self.status,
            fmt_time(self.created, rt),
            fmt_time(self.first_response, rt) if self.first_response else "",
            self.assignee,
            self.role,
            fmt_time(self.due, rt),
            fmt_time(self.resolved, rt) if self.resolved else ("-" if self.dash_blank else ""),
            self.resolution,
            self.satisfaction,
            fmt_time(self.followup, rt) if self.followup else "",
            self.remarks,
        ]


@dataclass(slots=True)
class Spec:
    """Constraints an upcoming violation puts on the ticket generated for it.

    Deciding the violation before generating the ticket lets the ticket be
    built to fit (a complaint for an ownership violation, a late reply for a
    first-reply violation) instead of being patched into inconsistency.
    """

    category: str | None = None
    avoid_complaint: bool = False
    priority: str | None = None
    late_first: bool = False
    late_resolution: bool = False
    need_followup: bool = False
    supervisor_for_complaint: bool = True
    variant: str = ""


@dataclass(frozen=True, slots=True)
class Injection:
    """One injected violation, as recorded in the manifest."""

    kind: str
    rule: str
    field: str
    variant: str
    value: str


# --------------------------------------------------------------------------
# Generation of clean tickets.
# --------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """Weighted choice over ``(value, weight)`` pairs."""
    total = 0
    for _, w in weighted:
        total += w
    x = rng.random() * total
    for value, w in weighted:
        x -= w
        if x < 0:
            return value
    return weighted[-1][0]


def _new_phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


class Generator:
    """Builds clean, internally consistent tickets in creation order."""

    def __init__(self, rng: random.Random, as_of: datetime = AS_OF) -> None:
        self.rng = rng
        self.as_of = as_of
        self._customers: list[tuple[str, str]] = []
        self._cat_weights = tuple((k, w) for k, (w, _) in CATEGORIES.items())

    # -- identities ------------------------------------------------------
    def customer(self) -> tuple[str, str]:
        """A customer id and phone; about one ticket in eight is a repeat caller."""
        rng = self.rng
        if self._customers and rng.random() < 0.12:
            return rng.choice(self._customers)
        cust = (f"C{rng.randrange(100_000, 400_000)}", _new_phone(rng))
        if len(self._customers) < 5000:
            self._customers.append(cust)
        else:
            self._customers[rng.randrange(5000)] = cust
        return cust

    def assignee(self, category: str, spec: Spec) -> tuple[str, str]:
        """Owner per seed 004 二.3: complaints go to a 客服主管."""
        rng = self.rng
        if category == "complaint" and spec.supervisor_for_complaint:
            return rng.choice(SUPERVISORS), ROLE_SUPERVISOR
        if category == "special" and rng.random() < 0.3:
            return rng.choice(SUPERVISORS), ROLE_SUPERVISOR
        if category == "after_sales" and rng.random() < 0.6:
            return rng.choice(AFTER_SALES_AGENTS), ROLE_AGENT
        return rng.choice(AGENTS), ROLE_AGENT

    # -- the ticket --------------------------------------------------------
    def ticket(self, ticket_id: str, created: datetime, spec: Spec) -> Ticket:
        """A clean ticket created at ``created`` that honours ``spec``."""
        rng = self.rng
        category = spec.category
        while category is None:
            category = _pick(rng, self._cat_weights)
            if spec.avoid_complaint and category == "complaint":
                category = None
        label = _pick(rng, CATEGORIES[category][1])
        # an agent-owned complaint (a planted complaint-owner violation) must
        # not read as escalated: no case, note or remark naming a supervisor
        plain = category == "complaint" and not spec.supervisor_for_complaint
        cases = [c for c in CASES[category]
                 if not plain or not any(_escalates(r) for r in c[1])]
        sentence, resolutions = rng.choice(cases)
        answer = texts.resolve(rng, rng.choice(resolutions), created)
        description = texts.describe(rng, sentence, created)

        priority = spec.priority
        if priority is None:
            u, n, lo = PRIORITY_MIX[category]
            priority = _pick(rng, (("urgent", u), ("normal", n), ("low", lo)))
        priority_label = _pick(rng, PRIORITY_LABELS[priority])

        if created.hour >= DAY_END_H:
            channel = rng.choice(AFTER_HOURS_CHANNELS)
        else:
            channel = _pick(rng, CHANNELS)
        customer_id, phone = self.customer()
        assignee, role = self.assignee(category, spec)

        first, due, resolved = self._timeline(created, priority, channel, spec)

        # Anything the export cannot know yet is absent: work that would end
        # after AS_OF is still open.
        as_of = self.as_of
        status: str
        if resolved > as_of:
            resolved_at: datetime | None = None
            if first > as_of:
                first_at: datetime | None = None
                status = STATUS_PENDING
            else:
                first_at = first
                status = STATUS_PENDING if rng.random() < 0.35 else STATUS_IN_PROGRESS
            notes = [n for n in PROGRESS_NOTES if not plain or not _escalates(n)]
            resolution = (
                rng.choice(notes)
                if (status == STATUS_IN_PROGRESS and rng.random() < 0.5)
                else ""
            )
            satisfaction = "-"
            remarks = _pick(rng, REMARKS_OPEN)
            followup = None
        else:
            first_at, resolved_at = first, resolved
            resolution = answer
            mix = SATISFACTION_MIX_COMPLAINT if category == "complaint" else SATISFACTION_MIX
            satisfaction = "-" if rng.random() < 0.06 else _pick(rng, mix)
            if satisfaction in ("1", "2"):
                remarks = REMARK_UNHAPPY
            elif category == "complaint":
                remarks = _pick(rng, tuple((r, w) for r, w in REMARKS_COMPLAINT
                                           if not plain or not _escalates(r)))
            else:
                remarks = _pick(rng, REMARKS_RESOLVED)
            needs = (
                spec.need_followup
                or category == "complaint"
                or satisfaction in ("1", "2")
                or any(r in remarks for r in FOLLOWUP_REMARKS)
            )
            followup = self._followup(resolved) if needs or rng.random() < 0.25 else None
            if followup is not None and followup > as_of:
                followup = None  # not due yet at export time
            if (followup is not None and rng.random() < 0.7) or (
                resolved < as_of - timedelta(days=3) and rng.random() < 0.35
            ):
                status = STATUS_CLOSED
            else:
                status = STATUS_RESOLVED

        return Ticket(
            id=ticket_id,
            customer_id=customer_id,
            phone=phone,
            contact=texts.masked_contact(rng, phone),
            channel=channel,
            category=category,
            category_label=label,
            description=description,
            priority=priority,
            priority_label=priority_label,
            status=status,
            created=created,
            first_response=first_at,
            assignee=assignee,
            role=role,
            due=due,
            resolved=resolved_at,
            resolution=resolution,
            satisfaction=satisfaction,
            followup=followup,
            remarks=remarks,
            run_together=rng.random() < 0.04,
            dash_blank=rng.random() < 0.4,
            answer=answer,
        )

    def _timeline(
        self, created: datetime, priority: str, channel: str, spec: Spec
    ) -> tuple[datetime, datetime, datetime]:
        """First response, promised time and resolution for one ticket.

        A requested late reply or late resolution is dropped when the export
        could not show it (it would lie after ``as_of``, leaving an open
        ticket that is overdue in a way nobody recorded) or when a late reply
        would cross a weekend (the 24-hour progress window would break too).
        """
        late_first, late_resolution = spec.late_first, spec.late_resolution
        times = self._times(created, priority, channel, late_first, late_resolution)
        if late_first and (times[0] > self.as_of or times[0] - created > timedelta(hours=24)):
            late_first = False
            times = self._times(created, priority, channel, late_first, late_resolution)
        if late_resolution and times[2] > self.as_of:
            times = self._times(created, priority, channel, late_first, False)
        return times

    def _times(
        self,
        created: datetime,
        priority: str,
        channel: str,
        late_first: bool,
        late_resolution: bool,
    ) -> tuple[datetime, datetime, datetime]:
        """The raw timeline; clean unless a ``late_*`` flag asks otherwise.

        Clean targets (cn-baseline): urgent replied within 30 calendar minutes
        and resolved within 4 calendar hours; normal replied within 2 working
        hours; low within 8; every ticket resolved by its promised time.
        Before a weekend the first reply lands the same day, so no customer
        waits over 24 calendar hours for it (response.progress-update).
        """
        rng = self.rng
        phone = channel == "电话"
        if priority == "urgent":
            if late_first:
                fr_min = rng.uniform(40, 150)
                due = ceil_half_hour(created + timedelta(minutes=rng.uniform(180, 235)))
            else:
                fr_min = rng.uniform(0, 3) if phone else rng.uniform(1, 25)
                due = ceil_half_hour(created + timedelta(minutes=rng.uniform(120, 235)))
            first = created + timedelta(minutes=fr_min)
            lo = first + timedelta(minutes=10)
            hi = min(due, created + timedelta(minutes=240))
            resolved = lo + (hi - lo) * (rng.random() ** 1.3)
            return first, due, resolved

        if late_first:  # answered after 2 working hours
            fr_off = rng.uniform(135, 330)
        elif phone:
            fr_off = rng.uniform(0, 3)
        elif priority == "normal":
            fr_off = rng.uniform(3, 110)
        else:
            fr_off = rng.uniform(10, 420)
        left = minutes_left_today(created)
        if not late_first and left > 0 and not next_day_is_workday(created.date()):
            fr_off = min(fr_off, left * 0.9)
        if priority == "normal":
            due_off = rng.uniform(240, 2 * WORK_MINUTES_PER_DAY)
        else:
            due_off = rng.uniform(2 * WORK_MINUTES_PER_DAY, 5 * WORK_MINUTES_PER_DAY)
        due_off = max(due_off, fr_off + 60)
        first = add_working(created, fr_off)
        due = ceil_half_hour(add_working(created, due_off))
        if late_resolution:
            resolved = add_working(due, rng.uniform(30, 600))
        else:
            r_off = fr_off + 5 + (due_off - fr_off - 5) * (rng.random() ** 1.5)
            resolved = add_working(created, r_off)
        return first, due, resolved

    def _followup(self, resolved: datetime) -> datetime:
        """A follow-up call within 3 calendar days of resolution (000 一(五))."""
        rng = self.rng
        if rng.random() < 0.3:
            same_day = resolved + timedelta(minutes=rng.uniform(30, 150))
            if same_day.date() == resolved.date() and same_day.hour < 20:
                return same_day.replace(second=0, microsecond=0)
        nxt = _day_start(_NEXT_WORKDAY[resolved.date()]) + timedelta(minutes=rng.uniform(30, 420))
        if nxt - resolved > timedelta(hours=71):
            nxt = resolved + timedelta(minutes=rng.uniform(30, 120))
        return nxt.replace(second=0, microsecond=0)


# --------------------------------------------------------------------------
# Violations.
# --------------------------------------------------------------------------

#: kind -> (rule id it should trip, relative weight in the mix).
VIOLATIONS: dict[str, tuple[str, int]] = {
    "missing_required": ("record.required-fields", 12),
    "invalid_value": ("record.allowed-values", 10),
    "bad_timestamp": ("record.timestamp", 8),
    "time_order": ("record.time-order", 8),
    "status_inconsistent": ("record.status-consistency", 10),
    "satisfaction_range": ("record.satisfaction-range", 7),
    "late_first_response": ("response.first-reply", 16),
    "unmasked_contact": ("privacy.unmasked-contact", 5),
    "x_mask": ("privacy.x-mask", 3),
    "pii_in_text": ("privacy.pii-in-text", 30),
    "complaint_owner": ("escalation.complaint-owner", 7),
    "complaint_no_followup": ("revisit.after-resolution", 8),
    "resolved_late": ("response.resolution-due", 9),
}
#: Kinds only a format with messages can carry.
MESSAGE_VIOLATIONS: dict[str, tuple[str, int]] = {
    "greeting_missing": ("greeting.opening", 10),
    "forbidden_phrase": ("conduct.forbidden-phrases", 6),
}
#: Every kind appears at least this often once the sample is big enough.
MIN_PER_KIND = 3
DEFAULT_RATE = 0.12


class ViolationPlan:
    """Decides, streaming, which tickets carry which violation.

    Exact totals without lists of indices: a ticket is selected with
    probability ``need / remaining`` (Knuth's selection sampling) and its kind
    is drawn in proportion to the quota each kind has left. Selection aims to
    finish before the last eighth of the tickets, because the most recent
    tickets are still open and several kinds need a resolved ticket; quota a
    ticket could not take is carried forward into that tail.
    """

    def __init__(
        self,
        n_tickets: int,
        kinds: dict[str, tuple[str, int]],
        rate: float,
        rng: random.Random,
    ) -> None:
        self.rng = rng
        self.n = n_tickets
        self.tail = n_tickets // 8
        self.seen = 0
        total = round(n_tickets * rate)
        names = list(kinds)
        quota = dict.fromkeys(names, 0)
        if total >= MIN_PER_KIND * len(names):
            for k in names:
                quota[k] = MIN_PER_KIND
            rest = total - MIN_PER_KIND * len(names)
        else:
            rest = total
        weights = {k: kinds[k][1] for k in names}
        wsum = sum(weights.values())
        shares = {k: rest * weights[k] / wsum for k in names}
        for k in names:
            quota[k] += int(shares[k])
        left = total - sum(quota.values())
        order = sorted(names, key=lambda k: (-(shares[k] - int(shares[k])), rng.random()))
        for k in order[:left]:
            quota[k] += 1
        self.planned = dict(quota)
        self.quota = quota
        #: Part of the status quota kept for "处理中 with a 实际完成时间", which
        #: needs an open ticket; those exist only near the export date, so
        #: :meth:`take_open` spends it on open tickets as they come.
        self.open_reserve = 0
        if quota.get("status_inconsistent", 0) >= 2:
            self.open_reserve = max(1, quota["status_inconsistent"] // 4)
            quota["status_inconsistent"] -= self.open_reserve

    @property
    def need(self) -> int:
        return sum(self.quota.values())

    def draw(self) -> str | None:
        """The kind for the next ticket, or ``None`` for a clean one."""
        remaining = self.n - self.seen
        self.seen += 1
        need = self.need
        if need <= 0:
            return None
        horizon = remaining - self.tail if remaining > self.tail else remaining
        if self.rng.random() * max(1, horizon) >= need:
            return None
        x = self.rng.random() * need
        for kind, q in self.quota.items():
            x -= q
            if x < 0:
                return kind
        return None

    def done(self, kind: str) -> None:
        self.quota[kind] -= 1

    def take_open(self) -> bool:
        """Whether this open ticket should get the "处理中 with a 实际完成时间" form."""
        if self.open_reserve <= 0 or self.rng.random() >= 0.5:
            return False
        self.open_reserve -= 1
        return True


def _bad_time(rng: random.Random, t: datetime, form: str) -> str:
    """A time value that no parser should accept, in the given ``form``."""
    if form == "words":
        return rng.choice(("明天上午", "下周一前", "今天下班前", "两个工作日内"))
    if form == "hour":
        return f"{t.year:04d}-{t.month:02d}-{t.day:02d} {rng.randint(24, 29)}:{t.minute:02d}"
    if form == "month":
        return f"{t.year:04d}-13-{t.day:02d} {t.hour:02d}:{t.minute:02d}"
    day = 32 if t.month in (1, 3, 5, 7, 8, 10, 12) else 31  # "day": 2025-10-32
    return f"{t.year:04d}-{t.month:02d}-{day} {t.hour:02d}:{t.minute:02d}"


#: The forms a kind takes that must be fixed before the ticket is built.
#: They are dealt out in turn (not drawn) so even a 300-ticket sample shows
#: each form; repeating a form makes it proportionally more common.
VARIANTS: dict[str, tuple[str, ...]] = {
    "missing_required": ("customer_id", "assignee", "description"),
    "invalid_value": ("category", "priority", "status"),
    "late_first_response": ("normal", "urgent", "normal"),
    "resolved_late": ("normal", "low", "normal"),
    "satisfaction_range": ("6", "0", "4.5", "很好"),
    "complaint_no_followup": ("without", "late", "without"),
    "bad_timestamp": ("day", "words", "hour", "day", "words", "month"),
    "unmasked_contact": texts.WHOLE_CONTACT_FORMS,
    "pii_in_text": texts.PERSONAL_FORMS,
}


class VariantCycle:
    """Round-robin over each kind's :data:`VARIANTS`, from a seeded start."""

    def __init__(self, rng: random.Random) -> None:
        self._next = {k: rng.randrange(len(v)) for k, v in VARIANTS.items()}

    def take(self, kind: str) -> str:
        forms = VARIANTS.get(kind)
        if not forms:
            return ""
        i = self._next[kind]
        self._next[kind] = (i + 1) % len(forms)
        return forms[i]


def prepare(kind: str, variant: str) -> Spec:
    """Constraints for the ticket that will carry ``kind`` (see :class:`Spec`)."""
    spec = Spec(variant=variant)
    if kind == "missing_required":
        # An ownerless complaint would also break escalation.complaint-owner.
        spec.avoid_complaint = variant == "assignee"
    elif kind == "invalid_value":
        if variant == "category":
            spec.avoid_complaint = True
        elif variant == "priority":
            spec.priority = "urgent"  # 特急 reads as urgent: keep urgent timings
    elif kind == "satisfaction_range":
        spec.need_followup = True  # 0 would count as "satisfaction <= 2"
    elif kind == "late_first_response":
        spec.late_first = True
        spec.priority = variant
    elif kind == "complaint_owner":
        spec.category = "complaint"
        spec.supervisor_for_complaint = False
    elif kind == "complaint_no_followup":
        spec.category = "complaint"
    elif kind == "resolved_late":
        spec.late_resolution = True
        spec.priority = variant
    return spec


def _followup_required(t: Ticket) -> bool:
    return (
        t.category == "complaint"
        or t.satisfaction in ("1", "2")
        or any(r in t.remarks for r in FOLLOWUP_REMARKS)
    )


def inject(
    kind: str,
    spec: Spec,
    t: Ticket,
    row: list[str],
    messages: list[dict[str, Any]] | None,
    rng: random.Random,
    as_of: datetime,
) -> Injection | None:
    """Break ``row`` (and ``messages``) in the one way ``kind`` describes.

    Returns ``None`` when this ticket cannot carry the kind without breaking
    a second rule too (e.g. a late resolution on a ticket still open); the
    plan then keeps the quota for a later ticket.
    """
    rule = VIOLATIONS.get(kind, MESSAGE_VIOLATIONS.get(kind, ("", 0)))[0]
    rt = t.run_together

    def done(col: int, variant: str) -> Injection:
        return Injection(kind, rule, CANONICAL[col], variant, row[col])

    if kind == "missing_required":
        col = {"customer_id": C_CUSTOMER, "assignee": C_ASSIGNEE, "description": C_DESCRIPTION}[
            spec.variant
        ]
        row[col] = ""
        if col == C_ASSIGNEE:
            row[C_ROLE] = ""
        return done(col, spec.variant)

    if kind == "invalid_value":
        if spec.variant == "category":
            row[C_CATEGORY] = "其他"
            return done(C_CATEGORY, "category")
        if spec.variant == "priority":
            row[C_PRIORITY] = "特急"
            return done(C_PRIORITY, "priority")
        # words no profile maps (跟进中 and 已完结 now read as in progress / closed)
        row[C_STATUS] = "待分配" if t.is_open else "已办结"
        return done(C_STATUS, "status")

    if kind == "bad_timestamp":
        # Only times whose loss no other rule depends on: an unreadable first
        # response could read as "never answered", an unreadable resolution
        # as "never resolved", and a required follow-up as "not done".
        if rng.random() < 0.3 and t.followup is not None and not _followup_required(t):
            form = "day" if spec.variant == "words" else spec.variant
            row[C_FOLLOWUP] = _bad_time(rng, t.followup, form)
            return done(C_FOLLOWUP, form)
        row[C_DUE] = _bad_time(rng, t.due, spec.variant)
        return done(C_DUE, spec.variant)

    if kind == "time_order":
        can_resolved = t.resolved is not None and t.followup is None and not _followup_required(t)
        if can_resolved and (rng.random() < 0.5 or t.first_response is None):
            assert t.resolved is not None
            row[C_RESOLVED] = fmt_time(t.created - timedelta(minutes=rng.uniform(30, 300)), rt)
            return done(C_RESOLVED, "resolved_before_created")
        if t.first_response is None:
            return None
        row[C_FIRST] = fmt_time(t.created - timedelta(minutes=rng.uniform(5, 90)), rt)
        return done(C_FIRST, "first_response_before_created")

    if kind == "status_inconsistent":
        if t.is_open:
            if t.first_response is None:
                return None
            # Work was done (and timed) but the status was never updated.
            r = t.first_response
            if _followup_required(t):
                # keep the follow-up "not yet due" at export time
                r = max(r, STABLE_UNTIL - timedelta(hours=70))
            cap = min(240.0, working_minutes(r, as_of))
            if cap > 0:
                r = add_working(r, rng.uniform(0, cap))
            row[C_STATUS] = STATUS_IN_PROGRESS
            row[C_RESOLVED] = fmt_time(r, rt)
            return done(C_RESOLVED, "open_with_resolved_time")
        if _followup_required(t) or rng.random() < 0.5:
            row[C_RESOLUTION] = ""
            return done(C_RESOLUTION, f"{row[C_STATUS]}_without_resolution")
        row[C_RESOLVED] = ""
        return done(C_RESOLVED, f"{row[C_STATUS]}_without_resolved_time")

    if kind == "satisfaction_range":
        if t.is_open:
            return None
        row[C_SATISFACTION] = spec.variant
        return done(C_SATISFACTION, "out_of_range")

    if kind == "late_first_response":
        fr = t.first_response
        if fr is None:
            return None
        if t.priority == "urgent" and fr - t.created <= timedelta(minutes=30):
            return None
        if t.priority == "normal" and working_minutes(t.created, fr) <= 120:
            return None
        return done(C_FIRST, t.priority)

    if kind == "unmasked_contact":
        row[C_CONTACT], shown = texts.whole_contact(rng, spec.variant, t.phone)
        # the manifest, like svccheck's own output, never repeats the value
        return Injection(kind, rule, CANONICAL[C_CONTACT], spec.variant, shown)

    if kind == "x_mask":
        row[C_CONTACT] = texts.x_masked_contact(rng, t.phone)
        return Injection(kind, rule, CANONICAL[C_CONTACT], "x_mask",
                         t.phone[:3] + "****" + t.phone[-4:])

    if kind == "pii_in_text":
        if not row[C_DESCRIPTION]:
            return None
        phrase, shown = texts.personal_value(rng, spec.variant, t.phone)
        row[C_DESCRIPTION] += "，" + phrase
        if messages:  # the customer's first message says what the description says
            messages[0]["text"] = f"你好，{row[C_DESCRIPTION]}。"
        return Injection(kind, rule, CANONICAL[C_DESCRIPTION], spec.variant, shown)

    if kind == "complaint_owner":
        return done(C_ASSIGNEE, "complaint_owned_by_agent")

    if kind == "complaint_no_followup":
        if t.resolved is None or t.resolved + timedelta(days=3, minutes=1) > STABLE_FROM:
            return None  # follow-up not yet due: no finding to expect
        if spec.variant != "late":
            row[C_FOLLOWUP] = ""
            row[C_STATUS] = STATUS_RESOLVED
            return done(C_FOLLOWUP, "complaint_without_followup")
        late = t.resolved + timedelta(days=rng.uniform(4, 7))
        late = to_working(late).replace(second=0, microsecond=0)
        if late > STABLE_FROM:
            row[C_FOLLOWUP] = ""
            row[C_STATUS] = STATUS_RESOLVED
            return done(C_FOLLOWUP, "complaint_without_followup")
        row[C_FOLLOWUP] = fmt_time(late, rt)
        return done(C_FOLLOWUP, "complaint_followup_late")

    if kind == "resolved_late":
        if t.resolved is None or t.resolved <= t.due:
            return None
        return done(C_RESOLVED, "after_due")

    # Message kinds (JSONL only).
    if messages is None:
        return None
    agent = [m for m in messages if m["role"] == "agent" and m["public"]]
    if not agent:
        return None
    if kind == "greeting_missing":
        agent[0]["text"] = rng.choice(BAD_OPENINGS)
        return Injection(kind, rule, "messages.text", "no_greeting", agent[0]["text"])
    if kind == "forbidden_phrase":
        line = rng.choice(FORBIDDEN_LINES)
        if len(agent) > 1:
            agent[1]["text"] = line + agent[1]["text"]
        else:
            agent[0]["text"] += line
        return Injection(kind, rule, "messages.text", "agent_message", line)
    return None


# --------------------------------------------------------------------------
# Chat messages (JSONL).
# --------------------------------------------------------------------------


def _msg_time(t: datetime) -> str:
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"


def build_messages(t: Ticket, rng: random.Random, as_of: datetime) -> list[dict[str, Any]]:
    """A clean conversation matching the ticket's times.

    The first public agent message is the first response; a confirmation
    question and a thank-you close every resolved ticket (002 2.4, 004 四).
    """
    agent_name = t.assignee
    nick = "小" + agent_name[-2] if len(agent_name) >= 2 else "小王"
    brand = rng.choice(BRANDS)
    msgs: list[dict[str, Any]] = [
        {
            "role": "customer",
            "author": t.customer_id,
            "at": _msg_time(t.created),
            "public": True,
            "text": f"你好，{t.description}。",
        },
    ]
    if t.first_response is None:
        # unanswered: the customer may write again while waiting (1-4 messages)
        last = min(as_of, t.created + timedelta(hours=20))
        for _ in range(rng.randrange(0, 4)):
            at = t.created + (last - t.created) * rng.random()
            msgs.append({"role": "customer", "author": t.customer_id, "at": _msg_time(at),
                         "public": True,
                         "text": texts.chat_line(rng, texts.CUSTOMER_LINES, t.created)})
        msgs[1:] = sorted(msgs[1:], key=lambda m: m["at"])
        return msgs
    if rng.random() < 0.6:
        hello = f"您好，这里是{brand}，我是{nick}，很高兴为您服务。"
    else:
        hello = f"您好，我是客服{nick}，工号{rng.randint(1001, 1099)}，请问有什么可以帮您？"
    fr = t.first_response.replace(second=0, microsecond=0)
    msgs.append(
        {
            "role": "agent",
            "author": agent_name,
            "at": _msg_time(fr),
            "public": True,
            "text": hello + rng.choice(AGENT_ACKS),
        }
    )
    if t.resolved is None:
        _exchange(msgs, t, rng, fr, min(as_of, fr + timedelta(hours=6)), rng.randrange(1, 5))
        note_at = fr + timedelta(minutes=2)
        if t.resolution and note_at <= as_of:
            msgs.append(
                {
                    "role": "agent",
                    "author": agent_name,
                    "at": _msg_time(note_at),
                    "public": True,
                    "text": t.resolution + "，请您耐心等待。",
                }
            )
        return msgs
    # The answer, the customer's "ok" and the thank-you close the ticket in
    # one short exchange just before it is marked resolved.
    r = t.resolved.replace(second=0, microsecond=0)
    gap = min(max(r - fr, timedelta(0)), timedelta(minutes=rng.uniform(6, 30)))
    t1 = r - gap
    t2 = r - gap / 2
    t3 = r
    _exchange(msgs, t, rng, fr, t1, rng.randrange(0, 4))
    msgs.append(
        {
            "role": "agent",
            "author": agent_name,
            "at": _msg_time(t1),
            "public": True,
            "text": f"{t.answer}。请问这样处理您看可以吗？",
        }
    )
    msgs.append(
        {
            "role": "customer",
            "author": t.customer_id,
            "at": _msg_time(t2),
            "public": True,
            "text": "可以，谢谢。",
        }
    )
    msgs.append(
        {
            "role": "agent",
            "author": agent_name,
            "at": _msg_time(t3),
            "public": True,
            "text": "感谢您的反馈，还有什么可以帮您的吗？祝您生活愉快！",
        }
    )
    return msgs


def _exchange(msgs: list[dict[str, Any]], t: Ticket, rng: random.Random, start: datetime,
              end: datetime, pairs: int) -> None:
    """``pairs`` customer questions and agent answers between ``start`` and ``end``.

    They quote order and tracking numbers, amounts and dates, each drawn
    anew; the agent's first reply (the greeting) and the closing exchange
    stay where they are, so the greeting and closing rules judge the same
    messages. An open ticket's note may come before them: messages are
    sorted by time when read.
    """
    span = (end - start).total_seconds()
    if span <= 2 * pairs + 2 or pairs == 0:
        return
    # now and then the customer writes twice before the agent answers
    roles = [i % 2 == 1 for i in range(2 * pairs)]
    if rng.random() < 0.5:
        roles.insert(0, False)
    times = sorted(start + timedelta(seconds=1 + (span - 2) * rng.random())
                   for _ in roles)
    for agent, at in zip(roles, times, strict=True):
        msgs.append({
            "role": "agent" if agent else "customer",
            "author": t.assignee if agent else t.customer_id,
            "at": _msg_time(at),
            "public": True,
            "text": texts.chat_line(rng, texts.AGENT_LINES if agent else texts.CUSTOMER_LINES,
                                    t.created),
        })


# --------------------------------------------------------------------------
# Output sinks.
# --------------------------------------------------------------------------


class Sink(Protocol):
    """An output format: implement this and register it in ``SINKS``."""

    #: Whether tickets carry chat messages (enables the message violations).
    with_messages: bool

    def write(self, row: list[str], messages: list[dict[str, Any]] | None) -> None: ...

    def close(self) -> None: ...


class CsvSink:
    """The Excel-style export: one header row, then one row per ticket."""

    with_messages = False

    def __init__(self, path: Path, encoding: str) -> None:
        self._fh: IO[str] = path.open("w", encoding=encoding, newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(HEADERS)

    def write(self, row: list[str], messages: list[dict[str, Any]] | None) -> None:
        self._writer.writerow(row)

    def close(self) -> None:
        self._fh.close()


#: The template's Chinese values -> the canonical ones, for JSONL: a JSONL
#: export uses canonical field names (the ``generic`` profile), so it must use
#: canonical values too, or every ticket would break record.allowed-values.
#: Values the generator injects as violations (其他, 特急...) are not here and
#: stay as they are, as in the CSV.
JSONL_VALUES: dict[str, dict[str, str]] = {
    "channel": {"电话": "phone", "在线客服": "chat", "邮件": "email", "社交媒体": "social",
                "门店": "store"},
    "category": {
        label: ("consultation" if key == "consult" else key)
        for key, (_, labels) in CATEGORIES.items() for label, _ in labels
    },
    "priority": {"紧急": "urgent", "一般": "normal", "普通": "normal", "低优先级": "low",
                 "高": "high", "高优先级": "high"},
    "status": {STATUS_PENDING: "pending", STATUS_IN_PROGRESS: "in_progress",
               STATUS_RESOLVED: "resolved", STATUS_CLOSED: "closed"},
    "assignee_role": {ROLE_AGENT: "agent", ROLE_SUPERVISOR: "supervisor"},
}


class JsonlSink:
    """One JSON object per line: canonical field names and values plus ``messages``."""

    with_messages = True

    def __init__(self, path: Path, encoding: str) -> None:
        self._fh: IO[str] = path.open("w", encoding=encoding, newline="\n")

    def write(self, row: list[str], messages: list[dict[str, Any]] | None) -> None:
        record: dict[str, Any] = canonical_record(row)
        record["messages"] = messages or []
        self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._fh.close()


def canonical_record(row: list[str]) -> dict[str, str]:
    """A row under canonical field names, with canonical values (see ``JSONL_VALUES``)."""
    record = dict(zip(CANONICAL, row, strict=True))
    for name, values in JSONL_VALUES.items():
        record[name] = values.get(record[name], record[name])
    return record


class ParquetSink:
    """A Parquet dump: the JSONL's canonical fields and values, without messages.

    Cells stay text, as the injected violations need (an unparseable time is
    one of them). Needs polars, imported only for this format so that CSV
    and JSONL still need nothing but the standard library. Rows go to Arrow
    IPC files in a temporary directory ``ROWS`` at a time and are streamed
    into one Parquet file on close: memory stays flat at ten million rows.
    ``--encoding`` does not apply (Parquet strings are UTF-8).
    """

    with_messages = False
    ROWS = 200_000

    def __init__(self, path: Path, encoding: str) -> None:
        import polars as pl

        self._pl = pl
        self._path = path
        self._tmp = Path(tempfile.mkdtemp(prefix=".generate-", dir=path.parent))
        self._schema = dict.fromkeys(CANONICAL, pl.String)
        self._rows: list[list[str]] = []
        self._parts: list[Path] = []

    def write(self, row: list[str], messages: list[dict[str, Any]] | None) -> None:
        self._rows.append(list(canonical_record(row).values()))
        if len(self._rows) >= self.ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        part = self._tmp / f"{len(self._parts):06d}.arrow"
        self._pl.DataFrame(self._rows, schema=self._schema, orient="row").write_ipc(part)
        self._parts.append(part)
        self._rows = []

    def close(self) -> None:
        try:
            self._flush()
            if self._parts:
                self._pl.scan_ipc(self._parts).sink_parquet(self._path)
            else:
                self._pl.DataFrame(schema=self._schema).write_parquet(self._path)
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)


SINKS: dict[str, Callable[[Path, str], Sink]] = {
    "csv": CsvSink, "jsonl": JsonlSink, "parquet": ParquetSink}


# --------------------------------------------------------------------------
# Driving it.
# --------------------------------------------------------------------------


def creation_times(
    n: int, rng: random.Random, as_of: datetime = AS_OF
) -> Iterator[tuple[datetime, int, int]]:
    """``(created, sequence-in-day, tickets-that-day)`` in chronological order.

    Volume is spread over the working days of the window (heavier on Mondays
    and on the first day after the National Day break); times follow a
    morning and an afternoon peak, with a few web/e-mail tickets arriving in
    the evening. The last day stops at the export moment ``as_of``.
    """
    days = [d for d in _CAL_DAYS if WINDOW_START <= d <= WINDOW_END]
    weights = []
    for d in days:
        w = 1.0
        if d.weekday() == 0:
            w = 1.25
        if d.weekday() >= 5:
            w = 0.8
        if d == days[0]:
            w = 1.5
        weights.append(w * rng.uniform(0.85, 1.15))
    wsum = sum(weights)
    shares = [n * w / wsum for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(days)), key=lambda i: -(shares[i] - counts[i]))
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    hour_weights = (6, 10, 10, 7, 6, 9, 9, 8, 5)
    hours = tuple((str(DAY_START_H + i), w) for i, w in enumerate(hour_weights))
    last_hours = hours
    if as_of.date() == days[-1]:  # an export taken during the last day
        last_hours = tuple((h, w) for h, w in hours if int(h) < as_of.hour) or hours[:1]
    for d, k in zip(days, counts, strict=True):
        evening_ok = d != days[-1] and next_day_is_workday(d)
        day_hours = last_hours if d == days[-1] else hours
        minutes: list[int] = []
        for _ in range(k):
            if evening_ok and rng.random() < 0.03:
                minutes.append(rng.randrange(18 * 60, 22 * 60))
                continue
            hour = int(_pick(rng, day_hours))
            minutes.append(hour * 60 + rng.randrange(60))
        minutes.sort()
        base = datetime(d.year, d.month, d.day)
        for seq, m in enumerate(minutes, 1):
            yield base + timedelta(minutes=m), seq, k


@dataclass
class Result:
    """What a run wrote, for the stderr summary and the manifest."""

    tickets: int = 0
    planned: dict[str, int] = field(default_factory=dict)
    injected: list[tuple[str, Injection]] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    #: KPI inputs as written: (assignee or channel) -> [met, answered] for the
    #: first reply, assignee -> [sum, count] for integer satisfaction 1-5;
    #: key "" holds the overall figures.
    reply_by_assignee: dict[str, list[int]] = field(default_factory=dict)
    reply_by_channel: dict[str, list[int]] = field(default_factory=dict)
    satisfaction: dict[str, list[int]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        c: Counter[str] = Counter(inj.kind for _, inj in self.injected)
        return {k: c.get(k, 0) for k in self.planned}

    def tally(self, row: list[str], late_reply: bool) -> None:
        """Record the KPI inputs of one written row.

        The KPI rules are aggregates, not injected violations; the manifest
        carries these so a test can tell whether a KPI finding is expected.
        """
        self.statuses[row[C_STATUS]] += 1
        assignee = row[C_ASSIGNEE]
        if row[C_FIRST]:
            for table, key in (
                (self.reply_by_assignee, ""),
                (self.reply_by_assignee, assignee),
                (self.reply_by_channel, row[C_CHANNEL]),
            ):
                if key or table is not self.reply_by_channel:
                    cell = table.setdefault(key, [0, 0])
                    cell[0] += not late_reply
                    cell[1] += 1
        sat = row[C_SATISFACTION]
        if sat in ("1", "2", "3", "4", "5"):
            for key in {"", assignee}:
                cell = self.satisfaction.setdefault(key, [0, 0])
                cell[0] += int(sat)
                cell[1] += 1

    def kpi(self) -> dict[str, Any]:
        """Attainment and averages as the KPI rules would compute them."""

        def share(table: dict[str, list[int]]) -> dict[str, float]:
            return {k: round(m / n, 4) for k, (m, n) in sorted(table.items()) if k and n}

        def overall(table: dict[str, list[int]]) -> float | None:
            m, n = table.get("", (0, 0))
            return round(m / n, 4) if n else None

        return {
            "first_reply_attainment": {
                "overall": overall(self.reply_by_assignee),
                "by_assignee": share(self.reply_by_assignee),
                "by_channel": share(self.reply_by_channel),
            },
            "satisfaction_average": {
                "overall": overall(self.satisfaction),
                "by_assignee": share(self.satisfaction),
            },
        }


def generate(
    n: int,
    seed: int,
    sink: Sink,
    rate: float = DEFAULT_RATE,
    as_of: datetime = AS_OF,
) -> Result:
    """Write ``n`` tickets to ``sink``; return what was injected where."""
    rng = random.Random(seed)
    gen = Generator(rng, as_of)
    kinds = dict(VIOLATIONS)
    if sink.with_messages:
        kinds.update(MESSAGE_VIOLATIONS)
    plan = ViolationPlan(n, kinds, rate, random.Random(f"{seed}-plan"))
    result = Result(planned=dict(plan.planned))
    variants = VariantCycle(random.Random(f"{seed}-variants"))
    width = 4
    for created, seq, per_day in creation_times(n, rng, as_of):
        width = max(4, len(str(per_day)))
        ticket_id = f"GD{created:%Y%m%d}-{seq:0{width}d}"
        kind = plan.draw()
        spec = prepare(kind, variants.take(kind)) if kind else Spec()
        t = gen.ticket(ticket_id, created, spec)
        row = t.row()
        messages = build_messages(t, rng, as_of) if sink.with_messages else None
        inj: Injection | None = None
        if kind is None and t.is_open and t.first_response is not None and plan.take_open():
            inj = inject("status_inconsistent", spec, t, row, messages, rng, as_of)
            assert inj is not None
            result.injected.append((ticket_id, inj))
        elif kind:
            inj = inject(kind, spec, t, row, messages, rng, as_of)
            if inj is not None:
                plan.done(kind)
                result.injected.append((ticket_id, inj))
        result.tally(row, late_reply=inj is not None and inj.kind == "late_first_response")
        sink.write(row, messages)
        result.tickets += 1
    return result


def write_manifest(path: Path, result: Result, args: argparse.Namespace, as_of: datetime) -> None:
    """The sidecar JSON tests and benchmarks compare svccheck's findings with.

    Written piecewise, one violation per line, so a million-ticket run does
    not build the whole document in memory.
    """
    counts = result.counts()
    rules = {k: v[0] for k, v in {**VIOLATIONS, **MESSAGE_VIOLATIONS}.items()}
    by_rule: Counter[str] = Counter(inj.rule for _, inj in result.injected)
    head: dict[str, Any] = {
        "generator": "bench/generate.py",
        "seed": args.seed,
        "tickets": result.tickets,
        "format": args.format,
        "encoding": args.encoding,
        "standard": "cn-baseline",
        "as_of": fmt_time(as_of),
        "as_of_stable": [fmt_time(STABLE_FROM), fmt_time(STABLE_UNTIL)],
        "violating_tickets": len(result.injected),
        "counts": counts,
        "by_rule": dict(sorted(by_rule.items())),
        "rules": {k: rules[k] for k in counts},
        "statuses": dict(sorted(result.statuses.items())),
        "kpi": result.kpi(),
    }
    with path.open("w", encoding="utf-8") as fh:
        fh.write("{\n")
        for key, value in head.items():
            fh.write(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
        fh.write(' "violations": [')
        sep = "\n  "
        for tid, inj in result.injected:
            entry = {
                "ticket": tid,
                "kind": inj.kind,
                "rule": inj.rule,
                "field": inj.field,
                "variant": inj.variant,
                "value": inj.value,
            }
            fh.write(sep + json.dumps(entry, ensure_ascii=False))
            sep = ",\n  "
        fh.write("\n ]\n}\n")


def summary(result: Result, out: IO[str]) -> None:
    """Human-readable counts of what was injected."""
    counts = result.counts()
    total = len(result.injected)
    pct = 100 * total / result.tickets if result.tickets else 0.0
    print(
        f"wrote {result.tickets} tickets; {total} with one injected violation ({pct:.1f}%)",
        file=out,
    )
    rules = {**VIOLATIONS, **MESSAGE_VIOLATIONS}
    for kind, c in counts.items():
        short = "" if c >= result.planned[kind] else f"  (planned {result.planned[kind]})"
        print(f"  {kind:<24} {c:>7}  {rules[kind][0]}{short}", file=out)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items()))
    print(f"  statuses: {statuses}", file=out)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Generate a seeded Chinese customer-service response-record export."
    )
    p.add_argument("--tickets", type=int, required=True, help="number of tickets")
    p.add_argument("--seed", type=int, default=20251009, help="random seed")
    p.add_argument("--encoding", choices=("utf-8", "utf-8-sig", "gb18030"), default="utf-8")
    p.add_argument("--out", type=Path, required=True, help="output file")
    p.add_argument("--format", choices=sorted(SINKS), default="csv")
    p.add_argument("--manifest", type=Path, help="also write injected violations as JSON")
    p.add_argument(
        "--violation-rate",
        type=float,
        default=DEFAULT_RATE,
        help=f"share of tickets with one violation (default {DEFAULT_RATE})",
    )
    p.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = p.parse_args(argv)
    if args.tickets < 0:
        p.error("--tickets must be >= 0")
    if not 0 <= args.violation_rate <= 1:
        p.error("--violation-rate must be within 0..1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sink = SINKS[args.format](args.out, args.encoding)
    try:
        result = generate(args.tickets, args.seed, sink, args.violation_rate)
    finally:
        sink.close()
    if not args.quiet:
        summary(result, sys.stderr)
    if args.manifest:
        args.manifest.parent.mkdir(parents=True, exist_ok=True)
        write_manifest(args.manifest, result, args, AS_OF)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
