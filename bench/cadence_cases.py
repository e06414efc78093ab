#!/usr/bin/env python3
"""Labelled policy cases for the insurance cadence rules: precision and recall per rule.

The cadence rules read dates and activity kinds, not free text, so their
labelled set is cases: a policy (cn-insurance-policy headers), its activity
log and the findings a careful reader of seed 003 expects, with the edges
issue 23 decides as hard negatives -- day 7 of the delivery window and day
15 of the cooling-off period still count, a plain call is no 新契约回访, a
renewal reminder is no lapse warning, a lapse warning on the day of the
lapse is too late, nothing is owed after a lapse, a birthday greeting is no
holiday greeting, a customer's activity under another of their policies
counts. Each case runs with the shipped insurance-lifecycle standard as of
2025-11-30 18:00; a finding is identified by its policy and evidence (the
date or period it is about). The cases were written together with the
rules: a floor, not an estimate. Run::

    python bench/cadence_cases.py

``tests/rules/test_cadence_cases.py`` asserts precision and recall >= 0.95.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

# bench/ is no package: a test loads these scripts from their files
sys.path.insert(0, str(Path(__file__).resolve().parent))
from labelled import Score

AS_OF = "2025-11-30 18:00"
POLICIES = "保单号,客户编号,签单日期,合同递送日期,应缴日期,失效日期,营销员"
ACTIVITIES = "保单号,日期,服务类型,渠道"

#: rule -> [(policy row, activity rows, expected evidences)]; "#" starts a note.
CASES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "revisit.delivery-visit": [
        ("A1,K1,2025-03-03,2025-03-10,,,王芳  # on the delivery day",
         "A1,2025-03-10,送合同,亲访", ()),
        ("A2,K2,2025-03-03,2025-03-10,,,王芳  # a day early only", "A2,2025-03-09,亲访,亲访",
         ("2025-03-10",)),
        ("A3,K3,2025-03-03,,,,王芳  # day 7 counts", "A3,2025-03-10,亲访,亲访", ()),
        ("A4,K4,2025-03-03,,,,王芳  # day 8 does not", "A4,2025-03-11,亲访,亲访",
         ("2025-03-10",)),
        ("A5,K5,2025-03-03,,,,王芳  # a call is no visit", "A5,2025-03-05,电话,电话",
         ("2025-03-10",)),
        ("A6,K6,2025-03-03,,,,王芳  # in person is a visit", "A6,2025-03-04,续期提醒,上门", ()),
        ("A7,K7,2025-11-25,,,,王芳  # window still open", "", ()),
        ("A8,K8,2025-03-03,,,2025-03-02,王芳  # lapsed first: not owed", "", ()),
    ],
    "revisit.cooling-off-callback": [
        ("B1,K1,2025-06-01,,,,王芳  # day 15 counts", "B1,2025-06-16,新契约回访,95567", ()),
        ("B2,K2,2025-06-01,,,,王芳  # day 16 is late", "B2,2025-06-17,新契约回访,95567",
         ("2025-06-16",)),
        ("B3,K3,2025-06-01,,,,王芳  # a plain call is none", "B3,2025-06-03,电话,电话",
         ("2025-06-16",)),
        ("B4,K4,2025-06-01,2025-06-10,,,王芳  # from delivery", "B4,2025-06-24,新单回访,电话", ()),
        ("B5,K5,2025-11-20,,,,王芳  # not over yet", "", ()),
        ("B6,K6,2025-06-01,,,,王芳  # a birthday greeting is none", "B6,2025-06-05,生日祝福,短信",
         ("2025-06-16",)),
    ],
    "revisit.lapse-warning": [
        ("C1,K1,2024-03-20,,2025-03-20,2025-05-19,王芳  # warned", "C1,2025-04-01,失效提醒,短信",
         ()),
        ("C2,K2,2024-03-20,,2025-03-20,2025-05-19,王芳  # a renewal reminder is none",
         "C2,2025-03-01,续期提醒,短信", ("2025-03-20",)),
        ("C3,K3,2024-03-20,,2025-03-20,2025-05-19,王芳  # on the lapse day: too late",
         "C3,2025-05-19,失效提醒,短信", ("2025-03-20",)),
        ("C4,K4,2024-03-20,,2025-03-20,2025-05-19,王芳  # on the unpaid due date: in time",
         "C4,2025-03-20,失效预警,电话", ()),
        ("C5,K5,2024-03-20,,2025-03-20,2025-05-19,王芳  # before the due date: too early",
         "C5,2025-03-10,失效提醒,短信", ("2025-03-20",)),
        ("C6,K6,2024-03-20,,2025-03-20,,王芳  # in force", "", ()),
        ("C7,K7,2023-03-20,,2024-03-20；2025-03-20,2025-05-19,王芳  # the last unpaid due date",
         "C7,2024-04-01,失效提醒,短信", ("2025-03-20",)),
    ],
    "revisit.half-yearly-visits": [
        ("D1,K1,2023-10-05,,,,王芳  # both half years visited",
         "D1,2024-11-05,亲访,亲访\nD1,2025-06-01,亲访,亲访", ()),
        ("D2,K2,2023-10-05,,,,王芳  # the second missed", "D2,2024-11-05,亲访,亲访",
         ("2025-04-05",)),
        ("D3,K3,2023-10-05,,,2025-06-01,王芳  # lapsed: only the first owed", "",
         ("2024-10-05",)),
        ("D4,K4,2023-10-05,,,,王芳  # first year visits do not count", "D4,2024-08-05,亲访,亲访",
         ("2024-10-05", "2025-04-05")),
        ("D5,K5,2025-01-10,,,,王芳  # nothing over yet", "", ()),
        ("D6,K6,2023-10-05,,,,王芳  # last day counts, first day too",
         "D6,2025-04-04,亲访,亲访\nD6,2025-04-05,亲访,亲访", ()),
    ],
    "revisit.monthly-news": [
        ("E1,K1,2025-08-01,,,,王芳  # Aug-Oct owed, all pushed",
         "E1,2025-08-02,利好推送,短信\nE1,2025-09-30,利好推送,短信\n"
         "E1,2025-10-15,每月利好,微信", ()),
        ("E2,K2,2025-08-02,,,,王芳  # Sep, Oct owed; Oct missed", "E2,2025-09-01,利好推送,短信",
         ("2025-10",)),
        ("E3,K3,2025-07-20,,,2025-09-10,王芳  # lapsed: only August", "", ("2025-08",)),
        ("E4,K4,2025-09-01,,,,王芳  # Sep: the customer's other policy pushed",
         "E5,2025-09-12,利好推送,短信\nE4,2025-10-12,利好推送,短信", ()),
        ("E5,K4,2025-09-05,,,,王芳  # same customer as E4: nothing owed twice", "", ()),
        ("E6,K6,2025-11-01,,,,王芳  # November is not over", "", ()),
    ],
    "revisit.quarterly-invitations": [
        ("F1,K1,2025-01-01,,,,王芳  # Q1-Q3, Q2 missed",
         "F1,2025-02-10,活动邀约,电话\nF1,2025-08-01,邀约活动,亲访", ("2025 Q2",)),
        ("F2,K2,2025-02-15,,,,王芳  # Q2, Q3 both invited",
         "F2,2025-06-30,活动邀约,微信\nF2,2025-07-01,活动邀约,微信", ()),
        ("F3,K3,2025-01-01,,,2025-06-15,王芳  # lapsed mid-Q2: Q1 only", "", ("2025 Q1",)),
        ("F4,K4,2025-10-01,,,,王芳  # Q4 is not over", "", ()),
    ],
    "greeting.holidays": [
        ("G1,K1,2025-09-01,,,,王芳  # 国庆 and 中秋 greeted",
         "G1,2025-10-02,节日祝福,短信\nG1,2025-10-06,节日问候,短信", ()),
        ("G2,K2,2025-09-01,,,,王芳  # a birthday greeting is none; the day after is late",
         "G2,2025-10-01,生日祝福,短信\nG2,2025-10-07,节日祝福,短信", ("2025-10-01", "2025-10-06")),
        ("G3,K3,2025-01-20,,,,王芳  # 除夕 counts for 春节; 清明 missed, the rest greeted",
         "G3,2025-01-28,节日祝福,短信\nG3,2025-05-01,节日祝福,短信\nG3,2025-05-31,节日祝福,短信\n"
         "G3,2025-10-01,节日祝福,短信\nG3,2025-10-06,节日祝福,短信", ("2025-04-04",)),
        ("G4,K4,2025-03-01,,,2025-04-20,王芳  # lapsed: only 清明 owed", "", ("2025-04-04",)),
        ("G5,K5,2025-10-04,,,,王芳  # 国庆 began before signing; 中秋 greeted",
         "G5,2025-10-06,节日祝福,短信", ()),
    ],
}

#: Written after the rules were frozen and never used to change them.
HELDOUT: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "revisit.delivery-visit": [
        ("H1,K1,2025-05-30,2025-06-03,,,李强  # delivered 06-03, visited 06-03 18:30",
         "H1,2025-06-03 18:30,递送合同,亲访", ()),
        ("H2,K2,2025-05-30,,,,李强  # visited 06-06: day 7 of May 30", "H2,2025-06-06,面访,面访",
         ()),
    ],
    "revisit.cooling-off-callback": [
        ("H3,K3,2025-02-14,,,,李强  # callback on day 14", "H3,2025-02-28,新契约回访,95567", ()),
        ("H4,K4,2025-02-14,,,,李强  # an SMS is no callback", "H4,2025-02-16,短信,短信",
         ("2025-03-01",)),
    ],
    "revisit.lapse-warning": [
        ("H5,K5,2024-01-31,,2025-01-31,2025-04-01,李强  # warned the day before the lapse",
         "H5,2025-03-31,失效提醒,电话", ()),
    ],
    "revisit.monthly-news": [
        ("H6,K6,2025-06-30,,,,李强  # July to October, September missed",
         "H6,2025-07-01,利好推送,短信\nH6,2025-08-31,利好推送,短信\nH6,2025-10-01,利好推送,短信",
         ("2025-09",)),
    ],
    "greeting.holidays": [
        ("H7,K7,2025-05-01,,,,李强  # 劳动节 began on the signing day: owed; greeted 05-02",
         "H7,2025-05-02,节日问候,短信\nH7,2025-05-31,节日问候,短信\nH7,2025-10-03,节日祝福,短信\n"
         "H7,2025-10-06,节日祝福,短信", ()),
    ],
}


def _rows(text: str) -> list[str]:
    return [r.split("  #", 1)[0].strip() for r in text.strip().splitlines() if r.strip()]


def found(rule: str, cases: list[tuple[str, str, tuple[str, ...]]]) -> set[tuple[str, str]]:
    """(policy, evidence) of the rule's findings on the rule's cases."""
    from svccheck.cli import main as svccheck

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        policies = root / "policies.csv"
        activities = root / "activities.csv"
        report = root / "report.json"
        policies.write_text("\n".join([POLICIES, *(r for c in cases for r in _rows(c[0]))]) + "\n",
                            encoding="utf-8")
        activities.write_text("\n".join([ACTIVITIES, *(r for c in cases for r in _rows(c[1]))])
                              + "\n", encoding="utf-8")
        code = svccheck(["check", "--standard", "insurance-lifecycle", str(policies),
                         "--events", str(activities), "--as-of", AS_OF, "--select", rule,
                         "--format", "json", "--output", str(report)])
        assert code in (0, 1), f"{rule}: exit {code}"
        data = json.loads(report.read_text(encoding="utf-8"))
    return {(v["ticket"], v["evidence"]) for v in data["violations"] if v["rule"] == rule}


def evaluate(sets: dict[str, list[tuple[str, str, tuple[str, ...]]]] = CASES
             ) -> dict[str, tuple[Score, list[str]]]:
    """Per rule: the score and what went wrong."""
    out = {}
    for rule, cases in sets.items():
        want = {(_rows(policy)[0].split(",")[0], e) for policy, _, expected in cases
                for e in expected}
        have = found(rule, cases)
        score = Score(len(want & have), len(have - want), len(want - have))
        wrong = [f"unexpected {p} {e}" for p, e in sorted(have - want)]
        wrong += [f"missed {p} {e}" for p, e in sorted(want - have)]
        out[rule] = (score, wrong)
    return out


def report(title: str, sets: dict[str, list[tuple[str, str, tuple[str, ...]]]]) -> None:
    print(f"{title}:\n\n| rule | cases | expected findings | found | false positives | missed "
          "| precision | recall |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    wrongs = []
    for rule, (score, wrong) in evaluate(sets).items():
        print(f"| `{rule}` | {len(sets[rule])} | {score.tp + score.fn} | {score.tp} | "
              f"{score.fp} | {score.fn} | {score.precision:.4f} | {score.recall:.4f} |")
        wrongs += [f"{rule}: {w}" for w in wrong]
    if wrongs:
        print("\n" + "\n".join(wrongs))
    print()


def main() -> int:
    report("Labelled cases", CASES)
    report("Held out", HELDOUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
