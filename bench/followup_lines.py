#!/usr/bin/env python3
"""A labelled set of follow-up records for ``revisit.content``: precision and recall.

Why this exists: seed 001 3.1 has the agent call back "确认客户是否满意"; a
record that says only "已回访" or "满意度调查已发送" shows the call, not the
answer. A reader that takes 满意度调查 or 询问客户是否满意 for a verdict lets
empty follow-ups pass; one that misses "客户表示问题已解决" or "满意度4分"
flags good records. Each line is a follow-up record (an event's text or a
row's 备注), labelled with whether it records the customer's verdict, in
groups:

* ``verdict`` / ``verdict-en`` -- satisfied or not, resolved or not;
* ``score`` -- a satisfaction score (满意度4分, 5星, rated 4/5);
* ``no-verdict`` -- the call happened, a survey was sent, a follow-up is
  owed, the question asked without its answer, the customer not reached;
* ``look-alike`` -- numbers that are no score (3分钟, 5点).

The positive class is what makes a finding: *no verdict*. The rule's own
expression (:func:`svccheck.rules.revisit_content.verdict`) runs with its
default list. The lines were written together with the list: a floor, not
an estimate for unseen text; :data:`HELDOUT` was written after the list was
frozen and never used to change it. Run::

    python bench/followup_lines.py

``tests/rules/test_followup_lines.py`` asserts precision and recall >= 0.95.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ is no package: a test loads these scripts from their files
sys.path.insert(0, str(Path(__file__).resolve().parent))
from labelled import Score, print_groups, score_flags

#: (group, follow-up record, records a verdict)
LINES: list[tuple[str, str, bool]] = [
    ("verdict", "客户表示满意", True),
    ("verdict", "客户对处理结果不满意", True),
    ("verdict", "问题已解决，客户认可", True),
    ("verdict", "客户反馈问题仍未解决", True),
    ("verdict", "电话回访，客户很满意", True),
    ("verdict", "回访确认已解决", True),
    ("verdict", "客户说还没解决，需要再上门", True),
    ("verdict", "客户表扬处理及时", True),
    ("verdict", "客户表示不满意，要求退款", True),
    ("verdict", "已回访，问题解决了", True),
    ("verdict", "客户认可处理方案", True),
    ("verdict", "客户不认可，要求升级", True),
    ("verdict", "回访：满意", True),
    ("verdict", "客户说基本满意", True),
    ("verdict", "问题得到解决，客户表示感谢", True),
    ("verdict", "客户称没有解决", True),
    ("verdict", "客户给了好评", True),
    ("verdict", "客户表示会给差评", True),
    ("verdict", "回访客户，非常满意", True),
    ("verdict", "客户满意，已结案", True),
    ("verdict", "客户说还行", True),
    ("verdict", "客户对结果无异议", True),
    ("verdict", "客户说已经好了", True),
    ("verdict", "回访客户，设备已恢复正常", True),
    ("verdict", "客户对处理有异议", True),
    ("verdict-en", "Customer is satisfied with the fix.", True),
    ("verdict-en", "Called back: issue resolved.", True),
    ("verdict-en", "Customer still unhappy, wants a refund.", True),
    ("verdict-en", "Follow-up: not resolved, reopening.", True),
    ("verdict-en", "Customer confirmed it works now.", True),
    ("verdict-en", "Customer dissatisfied with delivery time.", True),
    ("verdict-en", "Customer happy with the replacement.", True),
    ("verdict-en", "Spoke to customer, problem fixed.", True),
    ("verdict-en", "Customer says it's still broken.", True),
    ("verdict-en", "Customer was pleased with the outcome.", True),
    ("verdict-en", "Customer said all good now.", True),
    ("verdict-en", "No further issues, customer confirmed.", True),
    ("score", "满意度4分", True),
    ("score", "客户评分5", True),
    ("score", "满意度：3", True),
    ("score", "客户打了5分", True),
    ("score", "给了5星", True),
    ("score", "Customer rated us 4/5.", True),
    ("score", "Rating: 5", True),
    ("score", "客户评价为4分", True),
    ("score", "Score 2 out of 5.", True),
    ("score", "回访评分：2分，客户不太满意", True),
    ("no-verdict", "已回访", False),
    ("no-verdict", "满意度调查已发送", False),
    ("no-verdict", "需跟进回访", False),
    ("no-verdict", "询问客户是否满意", False),
    ("no-verdict", "电话回访，无人接听", False),
    ("no-verdict", "回访未接通，稍后再打", False),
    ("no-verdict", "已发送满意度调查短信", False),
    ("no-verdict", "客户对处理结果满不满意待确认", False),
    ("no-verdict", "已电话联系客户", False),
    ("no-verdict", "回访完成", False),
    ("no-verdict", "客户关机", False),
    ("no-verdict", "已发满意度问卷链接", False),
    ("no-verdict", "", False),
    ("no-verdict", "已升级主管处理", False),
    ("no-verdict", "已转技术支持", False),
    ("no-verdict", "客户表示理解", False),
    ("no-verdict", "回访时客户在开会，约明天再聊", False),
    ("no-verdict", "Called the customer.", False),
    ("no-verdict", "Satisfaction survey sent.", False),
    ("no-verdict", "Left a voicemail.", False),
    ("no-verdict", "Asked whether it was resolved.", False),
    ("no-verdict", "Follow-up done.", False),
    ("no-verdict", "No answer, will try again.", False),
    ("no-verdict", "Emailed the customer a survey link.", False),
    ("no-verdict", "客户要求电话回复", False),
    ("no-verdict", "满意度回访已安排", False),
    ("no-verdict", "客户没说什么", False),
    ("no-verdict", "约好了明天上门", False),
    ("look-alike", "3分钟后客户挂断", False),
    ("look-alike", "回访时间约5点", False),
    ("look-alike", "订单号5", False),
    ("look-alike", "客户等了5分钟", False),
    ("look-alike", "Call lasted 5 minutes.", False),
]

#: Written after the list was frozen, in other words, and never used to change it.
HELDOUT: list[tuple[str, str, bool]] = [
    ("verdict", "回访：客户对维修结果满意", True),
    ("verdict", "客户反映问题依旧，未解决", True),
    ("verdict", "客户称已正常使用，表示认可", True),
    ("verdict", "客户对退款速度不太满意", True),
    ("verdict", "回访确认客户已收到补发商品，很满意", True),
    ("verdict", "客户说问题没有解决，要投诉", True),
    ("verdict-en", "Customer confirmed the issue is resolved.", True),
    ("verdict-en", "Customer not satisfied with the answer.", True),
    ("verdict-en", "Customer said everything works now.", True),
    ("score", "满意度打分：4", True),
    ("score", "客户给了3星", True),
    ("score", "Rated 5 out of 5.", True),
    ("no-verdict", "回访电话未接", False),
    ("no-verdict", "已短信回访", False),
    ("no-verdict", "已推送满意度评价链接", False),
    ("no-verdict", "客户表示稍后回复", False),
    ("no-verdict", "询问是否已解决，客户说再看看", False),
    ("no-verdict", "Sent the CSAT survey.", False),
    ("no-verdict", "Tried to call, line busy.", False),
    ("no-verdict", "回访已完成，已记录", False),
    ("look-alike", "通话时长2分钟", False),
    ("look-alike", "约下午3点再联系", False),
]


def read(texts: list[str]) -> list[bool]:
    """Whether the rule reads a verdict in each record."""
    import polars as pl

    from svccheck.rules.conversation import normalised
    from svccheck.rules.revisit_content import content, verdict

    params = content.default_params()
    return pl.DataFrame({"text": texts}).select(
        verdict(normalised(pl.col("text")), params)).to_series().to_list()


def evaluate(lines: list[tuple[str, str, bool]] = LINES
             ) -> tuple[Score, dict[str, Score], list[tuple[str, bool, bool]]]:
    """Scores with *no verdict* (a finding) as the positive class."""
    return score_flags(lines, read([text for _, text, _ in lines]), positive=False)


def report(title: str, lines: list[tuple[str, str, bool]]) -> None:
    total, groups, wrong = evaluate(lines)
    print(f"{title}: {len(lines)} follow-up records, {total.tp + total.fn} without a verdict: "
          f"precision {total.precision:.4f}, recall {total.recall:.4f}\n")
    print_groups(lines, groups, unit="records")
    if wrong:
        print("\n| record | verdict (labelled) | verdict (read) |\n|---|---|---|")
        for text, want, have in wrong:
            print(f"| {text or '(empty)'} | {want} | {have} |")
    print()


def main() -> int:
    report("Labelled set", LINES)
    if HELDOUT:
        report("Held out", HELDOUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
