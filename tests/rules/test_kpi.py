"""kpi.*: floors judged overall and per group; exactly at the floor is fine."""

from __future__ import annotations

HEADER = "id,customer_id,category,description,priority,status,created_at,first_response_at,assignee,channel,satisfaction"


def _tickets(assignee: str, channel: str, met: int, missed: int, start: int = 0) -> list[str]:
    """``met`` tickets answered in 1 working hour, ``missed`` in 3 (normal target: 2)."""
    rows = []
    for i in range(met + missed):
        reply = "10:00" if i < met else "12:00"
        rows.append(f"K{start + i},C,problem,x,normal,resolved,2025-10-09 09:00,"
                    f"2025-10-09 {reply},{assignee},{channel},")
    return rows


def _run(svccheck, write, rows, rule, *extra):
    path = write("t.csv", "\n".join([HEADER, *rows]) + "\n")
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30", "--select", rule,
                   *extra)
    assert run.code in (0, 1), run.err
    return run.findings(rule)


def test_first_reply_attainment_exactly_at_and_below_the_floor(svccheck, write):
    rows = (_tickets("amy", "chat", 9, 1)            # amy 90%: exactly the floor, fine
            + _tickets("bob", "chat", 8, 2, 100)     # bob 80%: below
            + _tickets("cat", "email", 1, 1, 200))   # cat: 2 tickets, too few to judge
    found = _run(svccheck, write, rows, "kpi.first-reply-attainment")
    # overall 18 of 22 = 81.8%; chat 17/20 = 85%; email has 2 tickets (not judged)
    assert [(f["ticket"], f["row"], f["evidence"]) for f in found] == [
        (None, None, "81.8%"), (None, None, "80.0%"), (None, None, "85.0%")]
    assert found[1]["message"] == (
        "first-reply attainment (assignee bob) is 80.0% over 10 tickets, below the 90% floor")
    assert found[0]["severity"] == "warning"
    assert len({f["fingerprint"] for f in found}) == 3


def test_first_reply_attainment_met_everywhere(svccheck, write):
    assert _run(svccheck, write, _tickets("amy", "chat", 10, 0),
                "kpi.first-reply-attainment") == []


def _rated(assignee: str, scores: list[int], start: int) -> list[str]:
    return [f"R{start + i},C,problem,x,normal,resolved,2025-10-09 09:00,2025-10-09 09:30,"
            f"{assignee},chat,{s}" for i, s in enumerate(scores)]


def test_satisfaction_average(svccheck, write):
    rows = (_rated("amy", [4] * 10, 0)                # 4.00: exactly the floor
            + _rated("bob", [4] * 9 + [3], 100))      # 3.90: below
    found = _run(svccheck, write, rows, "kpi.satisfaction-average")
    assert [f["message"] for f in found] == [
        "average satisfaction (overall) is 3.95 over 20 tickets, below the 4 floor",
        "average satisfaction (assignee bob) is 3.9 over 10 tickets, below the 4 floor",
    ]


def test_kpi_message_in_chinese(svccheck, write):
    rows = _rated("bob", [3] * 10, 0)
    found = _run(svccheck, write, rows, "kpi.satisfaction-average", "--lang", "zh")
    assert found[1]["message"] == "平均满意度（负责人 bob）为 3.0（10 张工单），低于下限 4"


def test_abandonment_rate_at_and_above_the_ceiling(svccheck, write):
    header = "id,customer_id,category,description,priority,status,created_at,assignee,channel,offered_at,answered_at"
    rows = [header]
    for i in range(20):  # phone: 1 of 20 abandoned = 5%, exactly the ceiling
        answered = "" if i == 0 else "2025-10-09 09:00:10"
        rows.append(f"P{i},C,consultation,x,normal,resolved,2025-10-09 09:00,amy,phone,"
                    f"2025-10-09 09:00:00,{answered}")
    for i in range(10):  # chat: 2 of 10 abandoned = 20%
        answered = "" if i < 2 else "2025-10-09 09:00:05"
        rows.append(f"Q{i},C,consultation,x,normal,resolved,2025-10-09 09:00,amy,chat,"
                    f"2025-10-09 09:00:00,{answered}")
    path = write("calls.csv", "\n".join(rows) + "\n")
    run = svccheck("check", path, "--format", "json", "--select", "kpi.abandonment-rate")
    found = run.findings("kpi.abandonment-rate")
    assert [f["message"] for f in found] == [
        "abandonment rate (overall) is 10.0% over 30 tickets, above the 5% ceiling",
        "abandonment rate (channel chat) is 20.0% over 10 tickets, above the 5% ceiling",
    ]


def test_first_reply_attainment_measures_category_targets_like_the_rule(svccheck, write):
    # 10 after-sales tickets answered 3 working hours later: over the normal 2 h target,
    # within an after-sales 24 h target -- the KPI must judge them as the rule does
    rows = [f"A{i},C,after_sales,x,normal,resolved,2025-10-09 09:00,2025-10-09 12:00,amy,chat,"
            for i in range(10)]
    standard = write("after.yaml", """
        id: after
        title: {en: after-sales}
        version: "1"
        extends: cn-baseline
        rules:
          kpi.first-reply-attainment:
            params:
              group_by: [overall]
              category_targets:
                after_sales: {hours: 24, clock: calendar}
    """)
    assert _run(svccheck, write, rows, "kpi.first-reply-attainment",
                "--standard", str(standard)) == []
    found = _run(svccheck, write, rows, "kpi.first-reply-attainment")  # cn-baseline: 2 h
    assert [f["evidence"] for f in found][:1] == ["0.0%"]
