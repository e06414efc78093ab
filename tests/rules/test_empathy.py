"""conduct.empathy-first: an upset customer hears an apology or understanding first."""

from __future__ import annotations

import json

RULE = "conduct.empathy-first"


def _msg(at, role, text, **extra):
    return {"at": at, "role": role, "kind": "message", "public": True, "text": text, **extra}


def _run(svccheck, path, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", "2025-11-30 18:00",
                   "--select", RULE, *extra)
    assert run.code in (0, 1), run.err
    return run


def _line(run):
    return next(r for r in run.report["summary"]["rules"] if r["rule"] == RULE)


def _write(write, tickets):
    base = {"customer_id": "C", "category": "problem", "description": "x", "priority": "normal",
            "status": "in_progress", "created_at": "2025-11-03 10:00"}
    return write("t.jsonl", "\n".join(json.dumps({**base, **t}, ensure_ascii=False)
                                      for t in tickets))


def test_the_next_agent_message_acknowledges_first(svccheck, write):
    path = _write(write, [
        # E1 a greeting and a self-introduction may come first
        {"id": "E1", "events": [_msg("2025-11-03 10:01", "customer", "你们这什么破服务！！"),
                                _msg("2025-11-03 10:02", "agent",
                                     "您好，这里是客服中心，非常抱歉让您久等了")]},
        # E2 a bot's line and an internal note are not the next agent message
        {"id": "E2", "events": [
            _msg("2025-11-03 10:01", "customer", "太过分了，我要投诉"),
            _msg("2025-11-03 10:01", "bot", "非常抱歉，正在为您转接人工"),
            {**_msg("2025-11-03 10:02", "agent", "客户很生气，注意安抚"), "kind": "note",
             "public": False},
            _msg("2025-11-03 10:03", "agent", "请提供一下订单号")]},
        # E3 不投诉了 and E4 one calm "!" are no agitation
        {"id": "E3", "events": [_msg("2025-11-03 10:01", "customer", "问题解决了，不投诉了"),
                                _msg("2025-11-03 10:02", "agent", "好的")]},
        {"id": "E4", "events": [_msg("2025-11-03 10:01", "customer", "好的，谢谢!"),
                                _msg("2025-11-03 10:02", "agent", "不客气")]},
        # E5 the apology comes after the news: too late
        {"id": "E5", "events": [_msg("2025-11-03 10:01", "customer", "This is ridiculous!"),
                                _msg("2025-11-03 10:05", "agent",
                                     "Your order shipped today. Sorry for the delay.")]},
        # E6 no agent has answered yet
        {"id": "E6", "events": [_msg("2025-11-03 10:01", "customer", "气死我了！！")]},
        # E7 two agitated messages, one reply without empathy: one finding
        {"id": "E7", "events": [_msg("2025-11-03 10:01", "customer", "垃圾产品"),
                                _msg("2025-11-03 10:02", "customer", "我要给差评"),
                                _msg("2025-11-03 10:03", "agent", "已为您登记")]},
        # E8 the seed's own words (004 二.1)
        {"id": "E8", "events": [_msg("2025-11-03 10:01", "customer", "我都等了三天了，受够了"),
                                _msg("2025-11-03 10:02", "supervisor",
                                     "非常理解您的着急，我会尽力帮您解决")]},
    ])
    run = _run(svccheck, path)
    found = run.findings(RULE)
    assert [f["ticket"] for f in found] == ["E2", "E5", "E7"]
    assert found[0]["message"] == (
        "after the customer's agitated message (2025-11-03 10:01: '太过分了，我要投诉'), the next "
        "agent message (2025-11-03 10:03) does not first apologise or acknowledge it")
    assert found[0]["evidence"] == "请提供一下订单号"
    assert found[0]["severity"] == "warning" and found[0]["field"] == "text"
    assert found[2]["message"].startswith("after the customer's agitated message "
                                          "(2025-11-03 10:01: '垃圾产品')")
    line = _line(run)
    assert (line["checked"], line["skipped"]) == (5, {"no public agent message": 1})
    zh = _run(svccheck, path, "--lang", "zh").findings(RULE)[1]["message"]
    assert zh == ("客户消息（2025-11-03 10:01）情绪激动（“This is ridiculous!”），"
                  "下一条客服消息（2025-11-03 10:05）没有先致歉或表示理解")


def test_without_author_roles_nothing_can_be_judged(svccheck, write):
    path = write("t.jsonl", json.dumps({
        "id": "N1", "customer_id": "C", "created_at": "2025-11-03 10:00", "status": "open",
        "events": [{"at": "2025-11-03 10:01", "text": "太过分了！！"},
                   {"at": "2025-11-03 10:02", "text": "请提供订单号"}]}, ensure_ascii=False))
    line = _line(_run(svccheck, path))
    assert (line["status"], line["skipped"]) == (
        "not_evaluated", {"no role for message authors": 1})
