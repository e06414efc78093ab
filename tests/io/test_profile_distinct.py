"""Large exports are mapped once per distinct value; the result is the cell-by-cell one.

``map_tickets`` parses a column that repeats its values (channels,
statuses, minutes) once per distinct value and joins the results back, but
only from ``_DISTINCT_MIN_ROWS`` rows on, so the small fixtures elsewhere
never take that path. Here an export above the threshold, full of the
awkward cells profiles must handle (missing tokens, invisible characters,
full-width and run-together times, unknown enum values, nulls), is mapped
both ways and must come out identical.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from svccheck.io import profiles as profiles_module
from svccheck.io.base import RawInput
from svccheck.io.profiles import SHIPPED_DIR, load_profiles, map_tickets

TZ = "Asia/Shanghai"
ROWS = 60_000

CELLS: dict[str, list[str | None]] = {
    "工单编号": None,  # filled with distinct ids below
    "渠道": ["电话", "在线客服", " 邮件 ", "社交媒体", "传真", "", "-", None, "\u200b门店"],
    "诉求类型": ["咨询类", "投诉建议类", "售后", "其他", "－", "问题反馈类"],
    "紧急程度": ["紧急", "一般", "低优先级", "普通", "特急", "／"],
    "处理状态": ["已解决", "处理中", "已完结", "待处理", "已关闭", " "],
    "受理时间": ["2025-10-09 14:30", "2025-10-0914:30", "2025-10-32 10:00", "明天上午",
                 "2025年10月9日 9时5分", "２０２５-１０-０９ １４:３０", "45939.6041666",
                 "2025-10-09T06:30:00Z", "2025-10-13 26:00", "—", "", None],
    "负责人角色": ["专员", "主管", "经理", "", None],
    "客户满意度(1-5分)": ["5", "4", "-", "4.5", "很好", "0", "6", ""],
}


def _raw() -> RawInput:
    columns = {}
    for name, values in CELLS.items():
        if values is None:
            columns[name] = [f"GD20251009-{i:05d}" for i in range(ROWS)]
        else:
            # a prime stride so the columns do not move in step
            columns[name] = [values[(i * 7 + len(name)) % len(values)] for i in range(ROWS)]
    frame = pl.DataFrame({**columns, "_row": list(range(1, ROWS + 1))},
                         schema={**dict.fromkeys(columns, pl.String), "_row": pl.Int64})
    return RawInput(path=Path("big.csv"), format="csv", tickets=frame)


def test_distinct_value_mapping_equals_cell_by_cell(monkeypatch):
    profile = load_profiles(sorted(SHIPPED_DIR.glob("*.yaml")))["cn-response-record"]
    raw = _raw()
    by_value = map_tickets(raw, profile, TZ).tickets
    monkeypatch.setattr(profiles_module, "_DISTINCT_MIN_ROWS", ROWS + 1)
    by_cell = map_tickets(raw, profile, TZ).tickets
    assert_frame_equal(by_value, by_cell)
    # the awkward cells really were there and were read as profiles read them
    assert by_value.get_column("created_at").null_count() > 0
    assert set(by_value.get_column("status").drop_nulls()) >= {"resolved", "in_progress"}
