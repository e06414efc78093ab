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
K7 138XXXX5678              # hides 4: ok here (privacy.x-mask warns)
K8 1381234567*              # shows 10 digits
K9 138 1234 5678            # whole number, spaced
K10 z***@example.com        # masked e-mail: ok
K11 zhang.wei@example.com   # whole e-mail
K12 0571-88886666           # whole landline
K13 张先生                  # no number: nothing to check
K14 88886666                # a landline without area code: a whole number
K15 0571-8888***8           # hides only 3 digits
K16 0571-****6666           # hides 4: ok
K17 14612345678             # a 146 mobile: the column says it is a phone number
K18 17890                   # a short number, nothing hidden
""")
    run = run_rule(svccheck, write, path, "privacy.unmasked-contact")
    found = {f["ticket"]: (f["message"], f["evidence"]) for f in run.findings()}
    assert sorted(found) == ["K11", "K12", "K14", "K15", "K17", "K18", "K6", "K8", "K9"]
    assert found["K6"] == ("contact shows a whole mobile number", "138****5678")
    assert found["K8"] == ("mobile number shows 10 digits and hides 1 (at most 7 may show, "
                           "at least 4 must be hidden)", "138****567*")
    assert found["K11"][1] == "z***@example.com"
    assert found["K12"][1] == "0571-****6666"
    assert found["K14"] == ("contact shows a whole number (8 digits; at least 4 must be "
                            "hidden)", "88****66")
    assert found["K15"][0] == "number hides 3 digits (at least 4 must be hidden)"
    assert "8888" not in found["K15"][1]
    assert found["K17"] == ("contact shows a whole mobile number", "146****5678")
    assert found["K18"][0].startswith("contact shows a whole number (5 digits")


def test_an_x_mask_is_a_warning_that_says_why(svccheck, write):
    path = contacts_csv(write, """
X1 138XXXX5678              # X mask: warning
X2 138xxxx5678              # lower-case too
X3 138****5678              # a mask character: ok
X4 1381234567X              # shows 10 (an error there) and masks with X (a warning here)
""")
    run = run_rule(svccheck, write, path, "privacy.x-mask")
    found = run.findings("privacy.x-mask")
    assert [f["ticket"] for f in found] == ["X1", "X2", "X4"]
    assert {f["severity"] for f in found} == {"warning"}
    assert found[0]["message"] == ("contact is masked with X: resident IDs end in X, so an X "
                                   "reads as part of the number; use * or another mask "
                                   "character")
    assert found[0]["evidence"] == "138****5678"
    both = run_rule(svccheck, write, path, "privacy.unmasked-contact")
    assert both.tickets("privacy.unmasked-contact") == ["X4"]
    zh = run_rule(svccheck, write, path, "privacy.x-mask", "--lang", "zh")
    assert "身份证号以 X 结尾" in zh.findings()[0]["message"]


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


# -- names, the customer id, unmapped columns, the name column ---------------------------


def test_names_in_text_and_messages_but_never_an_agent_introducing_themselves(svccheck, write):
    path = _jsonl(write, [
        _ticket("N1", description="客户张伟来电反映无法登录"),             # name after 客户
        _ticket("N2", remarks="张先生要求退款"),                            # surname + honorific
        _ticket("N3", events=[
            _msg("agent", "您好，我是李娜，很高兴为您服务"),                # agent introduces herself
            _msg("customer", "我是王小明，订单一直没到"),                  # the customer does
            _msg("agent", "王先生您好，我是客服小李，马上为您查询"),        # the agent names him
        ]),
        _ticket("N4", description="已上报客服主管B，客服小王跟进"),        # roles, nicknames
        _ticket("N5", description="收货地址：武汉市洪山区，联系人：华为售后"),  # place, brand
        _ticket("E1", events=[
            _msg("agent", "Hi, my name is Anna, how can I help?"),          # agent: no
            _msg("customer", "my name is John Smith, please help"),        # customer: yes
        ]),
    ])
    run = run_rule(svccheck, write, path, "privacy.pii-in-text")
    found = [(f["ticket"], f["field"], f["message"], f["evidence"]) for f in run.findings()]
    assert found == [
        ("N1", "description", "name in description", "客户张*来电反映无法登录"),
        ("N2", "remarks", "name in remarks", "张**要求退款"),
        ("N3", "text", "name in customer message (2025-10-09 09:30)", "我是王**，订单一直没到"),
        ("N3", "text", "name in agent message (2025-10-09 09:30)",
         "王**您好，我是客服小李，马上为您查询"),
        ("E1", "text", "name in customer message (2025-10-09 09:30)",
         "my name is J*** S****, please help"),
    ]
    zh = run_rule(svccheck, write, path, "privacy.pii-in-text", "--lang", "zh")
    assert zh.findings()[0]["message"] == "问题描述中有姓名"


def test_the_customer_id_itself_is_scanned(svccheck, write):
    path = _jsonl(write, [
        {**_ticket("I1"), "customer_id": "13812345678"},   # a mobile as the customer number
        {**_ticket("I2"), "customer_id": "张伟"},           # a name as the customer number
        {**_ticket("I3"), "customer_id": "C293079"},        # a customer number: ok
        {**_ticket("I4"), "customer_id": "张*"},            # masked: ok
    ])
    run = run_rule(svccheck, write, path, "privacy.pii-in-text")
    found = [(f["ticket"], f["field"], f["message"], f["evidence"]) for f in run.findings()]
    assert found == [
        ("I1", "customer_id", "mobile number in customer_id", "138****5678"),
        ("I2", "customer_id", "name in customer_id", "张*"),
    ]


def _valid_id(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights,
                                                                   strict=True)) % 11]


def test_columns_no_field_maps_are_scanned(svccheck, write):
    resident = _valid_id("11010519800101001")
    path = write("extra.csv", f"""
        id,customer_id,description,邮箱,身份证号码,原手机,标签
        U1,C1,x,zhang.wei@example.com,{resident},13812345678,vip
        U2,C2,x,,,,138****5678
        U3,C3,x,,,,
    """)
    run = run_rule(svccheck, write, path, "privacy.pii-in-text", "--profile", "generic")
    found = [(f["ticket"], f["field"], f["message"], f["evidence"]) for f in run.findings()]
    assert found == [
        ("U1", None, "e-mail address in column '邮箱'", "邮箱：z***@example.com"),
        ("U1", None, "resident ID number in column '身份证号码'",
         f"身份证号码：1101**********{resident[-4:]}"),
        ("U1", None, "mobile number in column '原手机'", "原手机：138****5678"),
    ]
    off = write("std.yaml", """
        id: no-extra
        title: t
        version: "1"
        extends: cn-baseline
        rules:
          privacy.pii-in-text: {params: {unmapped: false}}
    """)
    assert run_rule(svccheck, write, path, "privacy.pii-in-text", "--profile", "generic",
                    "--standard", off).findings() == []


def test_a_customer_name_column_holds_masked_names(svccheck, write):
    path = write("names.csv", """
        工单编号,客户编号,客户姓名,诉求类型,问题描述,紧急程度,处理状态,受理时间,负责人
        M1,C1,张伟,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
        M2,C2,张*,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
        M3,C3,张**,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
        M4,C4,欧阳娜娜,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
        M5,C5,张先生,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
        M6,C6,John Smith,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
        M7,C7,客服专员张敏,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
        M8,C8,,咨询类,x,一般,处理中,2025-10-09 09:00,张敏
    """)
    # M1, M4, M5, M6 unmasked; M2, M3 masked; M7 an agent (skipped); M8 empty (no name)
    run = run_rule(svccheck, write, path, "privacy.customer-name",
                   "--profile", "cn-response-record")
    found = [(f["ticket"], f["message"], f["evidence"], f["clause"])
             for f in run.findings("privacy.customer-name")]
    assert [f[:3] for f in found] == [
        ("M1", "customer_name shows an unmasked name", "张*"),
        ("M4", "customer_name shows an unmasked name", "欧阳**"),
        ("M5", "customer_name shows an unmasked name", "张**"),
        ("M6", "customer_name shows an unmasked name", "J*** S****"),
    ]
    assert {f[3] for f in found} == {"004 二.5 (客户编号而非真实姓名/电话)"}
    line = next(r for r in run.report["summary"]["rules"] if r["rule"] == "privacy.customer-name")
    assert (line["checked"], line["skipped"]) == (6, {"the name column names an agent": 1})
    zh = run_rule(svccheck, write, path, "privacy.customer-name", "--lang", "zh",
                  "--profile", "cn-response-record")
    assert zh.findings()[0]["message"] == "客户姓名显示了未隐藏的姓名"


def test_other_name_columns_map_to_the_customer_name(svccheck, write):
    for header in ("姓名", "联系人", "发起人"):
        path = write("names.csv", f"""
            工单编号,客户编号,{header},诉求类型,问题描述,紧急程度,处理状态,受理时间
            M1,C1,李娜,咨询类,x,一般,处理中,2025-10-09 09:00
        """)
        run = run_rule(svccheck, write, path, "privacy.customer-name",
                       "--profile", "cn-response-record")
        assert [f["evidence"] for f in run.findings()] == ["李*"], header


def test_a_customer_name_column_of_a_canonical_export(svccheck, write):
    path = write("names.csv", """
        id,customer_id,customer name,category,description,priority,status,created_at
        G1,C1,Anna Smith,problem,x,normal,open,2025-10-09 09:00
        G2,C2,A*** S****,problem,x,normal,open,2025-10-09 09:00
    """)
    run = run_rule(svccheck, write, path, "privacy.customer-name", "--profile", "generic")
    assert [(f["ticket"], f["evidence"]) for f in run.findings()] == [("G1", "A*** S****")]
