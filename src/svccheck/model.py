"""The canonical model: the fields every export is mapped to, and severities.

Rules are written once against these names; profiles translate each export's
own headers and values into them. Keeping the vocabulary in one module means
the JSON Schema (``svccheck schema ticket``), the profiles and the rules
cannot drift apart: the schema files are checked against this module by a
test.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Literal

#: ``timestamp_list`` is a cell holding several times (an insurance policy's
#: premium due dates, "2025-03-01;2026-03-01"), parsed to ``List[Datetime]``.
FieldType = Literal["string", "timestamp", "enum", "integer", "boolean", "timestamp_list"]

#: Canonical ticket fields and their types.
TICKET_FIELDS: dict[str, FieldType] = {
    "id": "string",
    "customer_id": "string",
    # the customer's name, where an export has such a column (客户姓名): checked
    # to be masked (privacy.customer-name), never used to identify anyone
    "customer_name": "string",
    "contact": "string",
    "channel": "enum",
    "category": "enum",
    "priority": "enum",
    "status": "enum",
    "created_at": "timestamp",
    "first_response_at": "timestamp",
    "assignee": "string",
    "assignee_role": "string",
    "due_at": "timestamp",
    "resolved_at": "timestamp",
    "resolution": "string",
    "satisfaction": "integer",
    "followup_at": "timestamp",
    "remarks": "string",
    "description": "string",
    "offered_at": "timestamp",
    "answered_at": "timestamp",
    # Insurance policy exports (seed 003 保险标准化服务): one "ticket" per policy.
    "signed_at": "timestamp",
    # the day the contract was handed over (合同递送日): the delivery visit's day
    "delivered_at": "timestamp",
    "birthday": "timestamp",
    "premium_due_dates": "timestamp_list",
    "lapsed_at": "timestamp",
    # Helpdesk exports: the version of a ticket (pages repeat tickets), the
    # helpdesk's internal key where users see a number, and the helpdesk's
    # own measure of the first reply (a cross-check, never the measure).
    "updated_at": "timestamp",
    "internal_id": "string",
    "vendor_first_response_at": "timestamp",
}

#: Canonical event fields and their types.
EVENT_FIELDS: dict[str, FieldType] = {
    "ticket_id": "string",
    "at": "timestamp",
    "kind": "enum",
    "role": "enum",
    "author": "string",
    # who holds the ticket after this event (an audit log's assignee or team):
    # a change from the previous event's value is a hand-off.
    "assignee": "string",
    "public": "boolean",
    "text": "string",
    "channel": "enum",
}

#: The closed vocabularies of the enum fields.
ENUMS: dict[str, tuple[str, ...]] = {
    "channel": ("phone", "chat", "email", "social", "store", "web", "sms", "in_person"),
    "category": ("consultation", "problem", "complaint", "special", "after_sales"),
    "priority": ("urgent", "high", "normal", "low"),
    "status": ("open", "in_progress", "pending", "resolved", "closed"),
    "kind": (
        "message", "note", "status", "handoff", "followup", "visit", "reminder", "greeting",
        "call", "sms", "feedback", "notice",
        # seed 003's long-term service (保单长期基础/增值服务) and the company's support
        "invitation", "news", "holiday_greeting", "contract_callback", "lapse_warning",
    ),
    "role": ("customer", "agent", "supervisor", "system", "bot"),
}

TIME_FIELDS: tuple[str, ...] = tuple(
    name for name, kind in TICKET_FIELDS.items() if kind == "timestamp"
)


class Severity(IntEnum):
    """Finding severity; ordered so that ``>=`` answers "does this fail the gate"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]

    def __str__(self) -> str:
        return self.name.lower()


SEVERITY_NAMES: tuple[str, ...] = ("error", "warning", "info")

#: Columns of a findings frame as a rule returns it. ``_ticket``, ``_row``
#: and ``_source`` are copied from the canonical frame; ``field`` is the
#: canonical field (or null), ``message`` the text in the run's language,
#: ``evidence`` a short non-personal excerpt (or null) and ``key`` an optional
#: discriminator that keeps two findings of one rule on one ticket and field
#: apart in their fingerprints.
FINDING_COLUMNS: tuple[str, ...] = (
    "_ticket", "_row", "_source", "field", "message", "evidence", "key",
)
#: A column a findings frame may add: the assignee a finding is about when it has
#: no ticket to look one up by (a KPI group: 营销员 王芳).
FINDING_ASSIGNEE = "assignee"

#: How each canonical field is named in Chinese messages (the template's words).
FIELD_LABELS_ZH: dict[str, str] = {
    "id": "工单编号",
    "customer_id": "客户编号",
    "customer_name": "客户姓名",
    "contact": "联系方式",
    "channel": "渠道",
    "category": "诉求类型",
    "priority": "紧急程度",
    "status": "处理状态",
    "created_at": "受理时间",
    "first_response_at": "首次响应时间",
    "assignee": "负责人",
    "assignee_role": "负责人角色",
    "due_at": "预计完成时间",
    "resolved_at": "实际完成时间",
    "resolution": "处理结果",
    "satisfaction": "客户满意度",
    "followup_at": "回访时间",
    "remarks": "备注",
    "description": "问题描述",
    "offered_at": "进线时间",
    "answered_at": "接起时间",
    "signed_at": "签单日期",
    "delivered_at": "合同递送日期",
    "birthday": "出生日期",
    "premium_due_dates": "应缴日期",
    "lapsed_at": "失效日期",
    "updated_at": "更新时间",
    "internal_id": "内部编号",
    "vendor_first_response_at": "系统记录的首次响应时间",
    "at": "消息时间",
}


def field_label(name: str, lang: str) -> str:
    """A field's name as a reader of the report knows it."""
    return FIELD_LABELS_ZH.get(name, name) if lang == "zh" else name
