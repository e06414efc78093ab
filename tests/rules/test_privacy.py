"""privacy.unmasked-contact, privacy.pii-in-text and privacy.complementary-masks.

Fixtures are small exports with each case's verdict beside it. Every
finding's evidence is checked to be masked.
"""

from __future__ import annotations

import json
import re

AS_OF = "2025-11-30 18:00"
CARD = "6222021234567890128"   # UnionPay, Luhn-valid


def run_rule(svccheck, write, path, rule, *extra):
    run = svccheck("check", path, "--format", "json", "--as-of", AS_OF, "--select", rule, *extra)
    assert run.code in (0, 1), run.err
    return run


def contacts_csv(write, rows: str):
    lines = ["id,customer_id,contact,description"]
    for row in rows.strip().splitlines():
        tid, value = row.split("  #", 1)[0].strip().split(" ", 1)
        lines.append(f'{tid},C,"{value.strip()}",x')
    return write("contacts.csv", "\n".join(lines) + "\n")


def test_unmasked_contact(svccheck, write):
    path = contacts_csv(write, """
K1 138****5678              # keep first 3, last 4: ok
K2 1381234****              # hide last 4 (the template's 隐藏后四位): ok
K3 5678                     # last 4 only: ok
K4 138＊＊＊＊5678          # full-width mask: ok
K5 138••••5678              # ok
K6 13812345678              # whole number
K7 138XXXX5678              # X is not a mask
K8 1381234567*              # shows 10 digits
K9 138 1234 5678            # whole number, spaced
K10 z***@example.com        # masked e-mail: ok
K11 zhang.wei@example.com   # whole e-mail
K12 0571-88886666           # whole landline
K13 张先生                  # no number: nothing to check
""")
    run = run_rule(svccheck, write, path, "privacy.unmasked-contact")
    found = {f["ticket"]: (f["message"], f["evidence"]) for f in run.findings()}
    assert sorted(found) == ["K11", "K12", "K6", "K7", "K8", "K9"]
    assert found["K6"] == ("contact shows a whole mobile number", "138****5678")
    assert found["K7"][0].startswith("contact is masked with X")
    assert found["K8"] == ("mobile number shows 10 digits and hides 1 (at most 7 may show, "
                           "at least 4 must be hidden)", "138****567*")
    assert found["K11"][1] == "z***@example.com"
    assert found["K12"][1] == "0571-****6666"


def test_unmasked_contact_limits_are_parameters(svccheck, write):
    standard = write("std.yaml", """
        id: strict
        title: Strict
        version: "1"
        extends: cn-baseline
        rules:
          privacy.unmasked-contact:
            params: {max_visible: 4, mask_chars: "*"}
    """)
    path = contacts_csv(write, """
S1 *******5678    # 4 visible: ok
S2 138****5678    # 7 visible: over the team's 4
S3 138••••5678    # • not allowed by this team
""")
    run = run_rule(svccheck, write, path, "privacy.unmasked-contact", "--standard", standard)
    assert run.tickets("privacy.unmasked-contact") == ["S2", "S3"]


def _ticket(tid, description="x", remarks=None, resolution=None, events=(), contact=None):
    return {"id": tid, "customer_id": "C", "category": "problem", "description": description,
            "remarks": remarks, "resolution": resolution, "contact": contact,
            "priority": "normal", "status": "open", "created_at": "2025-10-09 09:00:00",
            "assignee": "amy", "events": list(events)}


def _msg(role, text, public=True, kind="message"):
    return {"at": "2025-10-09 09:30:00", "role": role, "text": text, "public": public,
            "kind": kind}


def _jsonl(write, tickets):
    return write("t.jsonl", "\n".join(json.dumps(t, ensure_ascii=False) for t in tickets))


def test_pii_in_text_fields_and_every_message(svccheck, write):
    path = _jsonl(write, [
        _ticket("F1", description="客户手机13812345678无法登录"),               # mobile
        _ticket("F2", remarks="退款到银行卡" + CARD),                            # card
        _ticket("F3", resolution="发票已发送至zhang.wei@example.com"),          # e-mail
        _ticket("F4", description="订单号2025100912345678901已退款，运单SF1234567890123"),  # none
        _ticket("F5", events=[_msg("customer", "我的身份证11010519491231002X"),   # customer
                              _msg("agent", "记下了座机010-62345678", public=False,  # note
                                   kind="note"),
                              _msg("bot", "已收到，订单号13812345678")]),            # order: none
        _ticket("F6", description="客户手机138****5678已核实"),                 # masked: none
    ])
    run = run_rule(svccheck, write, path, "privacy.pii-in-text")
    found = [(f["ticket"], f["field"], f["message"], f["evidence"]) for f in run.findings()]
    assert found == [
        ("F1", "description", "mobile number in description", "客户手机138****5678无法登录"),
        ("F2", "remarks", "bank card number in remarks", "退款到银行卡6222 **** **** *** 0128"),
        ("F3", "resolution", "e-mail address in resolution", "发票已发送至z***@example.com"),
        ("F5", "text", "resident ID number in customer message (2025-10-09 09:30)",
         "我的身份证1101**********002X"),
        ("F5", "text", "landline number in agent note (2025-10-09 09:30)", "记下了座机010-****5678"),
    ]


def test_pii_in_text_zh_messages_and_allow_list(svccheck, write):
    standard = write("std.yaml", """
        id: shop
        title: Shop
        version: "1"
        extends: cn-baseline
        rules:
          privacy.pii-in-text:
            params:
              allow: ["021-5080 1234", service@shop.example.cn]
    """)
    path = _jsonl(write, [
        _ticket("A1", description="请致电021-50801234或发邮件service@shop.example.cn"),  # allowed
        _ticket("A2", description="客户手机 +86 139 8765 4321"),                       # found
    ])
    run = run_rule(svccheck, write, path, "privacy.pii-in-text", "--standard", standard,
                   "--lang", "zh")
    [finding] = run.findings()
    assert (finding["ticket"], finding["message"]) == ("A2", "问题描述中有手机号码")
    assert "139****4321" in finding["evidence"]


def test_complementary_masks(svccheck, write):
    path = _jsonl(write, [
        _ticket("M1", contact="138****5678", remarks="客户手机1381234****"),       # together: all
        _ticket("M2", contact="138****5678", remarks="客户手机138****5678"),       # same mask: ok
        _ticket("M3", contact="5678",                                              # last 4 +
                events=[_msg("agent", "已回拨1381234****", public=False, kind="note")]),  # first 7
        _ticket("M4", contact="138****5678", remarks="另一号码1391234****"),       # other number
    ])
    run = run_rule(svccheck, write, path, "privacy.complementary-masks")
    found = run.findings()
    assert [f["ticket"] for f in found] == ["M1", "M3"]
    assert found[0]["message"] == ("two masked forms of one mobile number (in contact and "
                                   "remarks) together show all its digits")
    assert {f["evidence"] for f in found} == {"138****5678"}
    assert {f["severity"] for f in found} == {"warning"}


def test_bundled_sample_contacts(svccheck):
    # the sample's contact column is mostly masked; three tickets show the whole number
    run = svccheck("demo", "--format", "json")
    found = [f for f in run.findings() if f["rule"].startswith("privacy.")]
    assert sorted(f["ticket"] for f in found) == [
        "GD20251014-0006", "GD20251027-0001", "GD20251029-0007"]
    for finding in found:
        assert finding["rule"] == "privacy.unmasked-contact"
        assert re.fullmatch(r"1\d\d\*{4}\d{4}", finding["evidence"])


def test_card_fields_need_no_card_word(svccheck, write):
    standard = write("std.yaml", """
        id: bank
        title: Bank
        version: "1"
        extends: cn-baseline
        rules:
          privacy.pii-in-text:
            params: {card_fields: [remarks]}
    """)
    path = _jsonl(write, [
        _ticket("N1", description=CARD + " 已处理", remarks=CARD),  # no card word anywhere
    ])
    plain = run_rule(svccheck, write, path, "privacy.pii-in-text")
    assert plain.findings() == []                    # free text: a bare number is not a card
    bank = run_rule(svccheck, write, path, "privacy.pii-in-text", "--standard", standard)
    assert [(f["field"], f["evidence"]) for f in bank.findings()] == [
        ("remarks", "6222 **** **** *** 0128")]      # the bank's card column: it is
