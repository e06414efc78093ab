"""Profiles: tolerant header matching, detection, value mapping, ticket ids."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from svccheck.errors import ConfigError
from svccheck.io.base import RawInput
from svccheck.io.profile_match import choose_profile, normalize_header
from svccheck.io.profiles import SHIPPED_DIR, load_profiles, map_tickets

TZ = "Asia/Shanghai"


@pytest.fixture(scope="module")
def profiles():
    return load_profiles(sorted(SHIPPED_DIR.glob("*.yaml")))


def _raw(columns: dict[str, list[str | None]], **extra) -> RawInput:
    n = len(next(iter(columns.values())))
    frame = pl.DataFrame(
        {**columns, "_row": list(range(1, n + 1))},
        schema={**dict.fromkeys(columns, pl.String), "_row": pl.Int64},
    )
    return RawInput(path=Path("export.csv"), format="csv", tickets=frame, **extra)


@pytest.mark.parametrize(
    "header",
    [
        "客户满意度（1-5分）",
        "客户满意度(1-5分)",
        "客户满意度",
        " 客户 满意度 ",
        "客户满意度【1-5分】",
    ],
)
def test_header_variants_match(header):
    assert normalize_header(header) == "客户满意度"


def test_response_record_headers_and_values_map(profiles):
    raw = _raw(
        {
            "工单编号": ["GD-1", "GD-2"],
            "联系方式（隐藏后四位）": ["138****5678", "5678"],
            "诉求类型": ["投诉建议类", "售后"],
            "紧急程度": ["紧急", "低优先级"],
            "处理状态": ["处理中", "已解决"],
            "渠道": ["在线客服", "门店"],
            "受理时间": ["2023-10-0114:30", "2023年10月2日 9:15"],
            "客户满意度(1-5分)": ["-", "3"],
            "内部标签": ["VIP", ""],
        }
    )
    profile = choose_profile(raw.tickets.columns, profiles, raw.path)
    assert profile.id == "cn-response-record"
    mapped = map_tickets(raw, profile, TZ)
    t = mapped.tickets
    assert t["category"].to_list() == ["complaint", "after_sales"]
    assert t["priority"].to_list() == ["urgent", "low"]
    assert t["status"].to_list() == ["in_progress", "resolved"]
    assert t["channel"].to_list() == ["chat", "store"]
    assert t["satisfaction"].to_list() == [None, 3]
    assert t["_ticket"].to_list() == ["GD-1", "GD-2"]
    assert [d.strftime("%Y-%m-%d %H:%M") for d in t["created_at"]] == [
        "2023-10-01 14:30",
        "2023-10-02 09:15",
    ]
    assert str(t.schema["created_at"].time_zone) == TZ
    assert mapped.unused_columns == ["内部标签"]  # reported, not silently dropped


def test_return_and_exchange_requests_are_after_sales(profiles):
    raw = _raw({"工单编号": ["R1", "R2", "R3"], "诉求类型": ["退换货", "退货", "换货"],
                "受理时间": ["2025-10-09 09:00"] * 3, "处理状态": ["处理中"] * 3,
                "紧急程度": ["高"] * 3})
    mapped = map_tickets(raw, profiles["cn-response-record"], TZ)
    assert mapped.tickets["category"].to_list() == ["after_sales"] * 3


def test_without_ticket_id_the_row_number_identifies(profiles):
    raw = _raw(
        {
            "客户编号": ["C1", "C2"],
            "诉求类型": ["咨询类", "投诉类"],
            "紧急程度": ["一般", "紧急"],
            "处理状态": ["待处理", "已关闭"],
            "受理时间": ["2023-10-01 10:00", "2023-10-01 11:00"],
        }
    )
    mapped = map_tickets(raw, choose_profile(raw.tickets.columns, profiles, raw.path), TZ)
    assert mapped.tickets["_ticket"].to_list() == ["1", "2"]


def test_unknown_value_keeps_raw_for_the_report(profiles):
    raw = _raw(
        {
            "工单编号": ["1"],
            "诉求类型": ["其他"],
            "紧急程度": ["特急"],
            "处理状态": ["已完结"],
            "受理时间": ["2023-10-01 10:00"],
        }
    )
    t = map_tickets(raw, profiles["cn-response-record"], TZ).tickets
    assert t["category"].to_list() == [None]
    assert t["_raw_category"].to_list() == ["其他"]


def test_canonical_headers_choose_generic(profiles):
    raw = _raw(
        {
            "id": ["1"],
            "category": ["complaint"],
            "priority": ["urgent"],
            "status": ["open"],
            "created_at": ["2023-10-01T10:00:00+08:00"],
        }
    )
    assert choose_profile(raw.tickets.columns, profiles, raw.path).id == "generic"


def test_no_matching_profile_is_a_clear_error(profiles):
    raw = _raw({"name": ["x"], "phone": ["y"]})
    with pytest.raises(ConfigError, match=r"export.csv: no profile matches its columns"):
        choose_profile(raw.tickets.columns, profiles, raw.path)


def test_no_matching_profile_error_masks_a_headerless_first_row(profiles):
    # an export saved without its header row: the "headers" are a customer's data
    raw = _raw({"T1": ["x"], "13812345678": ["y"], "zhang.wei@example.com": ["z"]})
    with pytest.raises(ConfigError) as caught:
        choose_profile(raw.tickets.columns, profiles, raw.path)
    message = str(caught.value)
    assert "no profile matches" in message and "138****5678" in message
    assert "13812345678" not in message and "zhang.wei@example.com" not in message


def test_zendesk_tickets_comments_and_user_roles(profiles):
    tickets = _raw(
        {
            "id": ["101"],
            "requester_id": ["9001"],
            "via.channel": ["voice"],
            "type": ["incident"],
            "priority": ["high"],
            "status": ["solved"],
            "created_at": ["2025-10-09T01:00:00Z"],
            "satisfaction_rating.score": ["bad"],
            "assignee_id": ["42"],
            "subject": ["Refund"],
        }
    ).tickets
    events = pl.DataFrame(
        {
            "_row": [1, 1],
            "_list": ["comments", "comments"],
            "_index": [0, 1],
            "author_id": ["9001", "42"],
            "public": ["true", "false"],
            "created_at": ["2025-10-09T01:00:00Z", "2025-10-09T01:05:00Z"],
            "body": ["My order is late", "internal note"],
        }
    )
    users = pl.DataFrame({"id": ["9001", "42"], "role": ["end-user", "agent"]})
    raw = RawInput(
        path=Path("z.json"), format="json", tickets=tickets, events=events, tables={"users": users}
    )
    profile = choose_profile(tickets.columns, profiles, raw.path)
    assert profile.id == "zendesk"
    mapped = map_tickets(raw, profile, TZ)
    t = mapped.tickets
    assert (t["channel"][0], t["category"][0], t["status"][0]) == ("phone", "problem", "resolved")
    assert t["satisfaction"][0] == 1
    assert t["created_at"][0].strftime("%H:%M") == "09:00"  # 01:00Z in Shanghai
    ev = mapped.events
    assert ev["role"].to_list() == ["customer", "agent"]
    assert ev["public"].to_list() == [True, False]
    assert ev["kind"].to_list() == ["message", "note"]  # a private comment is a note
    assert ev["_ticket"].to_list() == ["101", "101"]
