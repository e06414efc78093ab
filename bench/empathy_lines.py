#!/usr/bin/env python3
"""Labelled lines for ``conduct.empathy-first``: precision and recall of its two readings.

Why this exists: the rule makes two judgements, and either can be wrong.
Is a customer message *agitated* (strong negative words, a threat to
complain or review, repeated exclamation marks -- but not 不投诉了 or one
calm "!")? And does the agent's next message *acknowledge or apologise
before anything else* (a greeting or self-introduction may come first;
非常理解您的着急 counts)? Seed 004 二.1 and 002 2.5 ask for both. Each is
scored on its own labelled lines:

* :data:`CUSTOMER` -- customer messages labelled agitated or calm, in groups
  ``agitated`` / ``agitated-en``, ``calm`` (one "!", questions), ``negated``
  (不投诉了, not angry), ``look-alike`` (投诉建议, 多媒体 …), ``quote``;
* :data:`REPLIES` -- agent replies labelled with whether they acknowledge
  first, in groups ``first`` (empathy first, greeting allowed before it),
  ``late`` (content before the empathy), ``none`` (no empathy at all),
  ``negated`` (我不理解…).

A finding is "agitated and not acknowledged first", so the positive class is
*agitated* for the first set and *does not acknowledge first* for the
second. The rule's own expressions (:func:`svccheck.rules.empathy.agitated`,
:func:`~svccheck.rules.empathy.acknowledges_first`) run with its default
lists. The lines were written together with the lists: the figures are a
floor, not an estimate for unseen text; the ``HELDOUT_*`` lines were written
after the lists were frozen and never used to change them. Run::

    python bench/empathy_lines.py

``tests/rules/test_empathy_lines.py`` asserts precision and recall >= 0.95.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ is no package: a test loads these scripts from their files
sys.path.insert(0, str(Path(__file__).resolve().parent))
from labelled import Score, print_groups, score_flags

#: (group, customer message, agitated)
CUSTOMER: list[tuple[str, str, bool]] = [
    ("agitated", "你们这什么破服务！！", True),
    ("agitated", "太过分了，我要投诉", True),
    ("agitated", "气死我了，等了三天还没发货", True),
    ("agitated", "再不处理我就打12315", True),
    ("agitated", "你们就是骗子", True),
    ("agitated", "垃圾产品，用了两天就坏", True),
    ("agitated", "我受够了，每次都这样", True),
    ("agitated", "这也太离谱了吧", True),
    ("agitated", "我要给差评", True),
    ("agitated", "到底还要等多久？！", True),
    ("agitated", "真的无语，客服电话一直打不通", True),
    ("agitated", "非常失望，再也不买了", True),
    ("agitated", "你们是在敷衍我吗", True),
    ("agitated", "我已经找律师了", True),
    ("agitated", "为什么还没退款！！！", True),
    ("agitated", "坑人的商家", True),
    ("agitated", "这服务太差劲了", True),
    ("agitated", "我很生气", True),
    ("agitated", "快点处理！！", True),
    ("agitated", "别忽悠我了", True),
    ("agitated", "我要举报你们", True),
    ("agitated", "等了半天没人理", True),
    ("agitated", "你们这是黑店吧", True),
    ("agitated", "我要曝光你们", True),
    ("agitated", "简直忍无可忍", True),
    ("agitated", "搞什么啊，又坏了", True),
    ("agitated", "我要投诉！", True),
    ("agitated", "你们是不是在耍我", True),
    ("agitated", "这都第三次了?!", True),
    ("agitated", "烦死了，到底能不能修好", True),
    ("agitated-en", "This is ridiculous!", True),
    ("agitated-en", "Unacceptable. I want a refund now.", True),
    ("agitated-en", "Worst service ever.", True),
    ("agitated-en", "I'm furious about this.", True),
    ("agitated-en", "I will file a complaint.", True),
    ("agitated-en", "Your product is useless.", True),
    ("agitated-en", "I'm fed up with waiting.", True),
    ("agitated-en", "This is a scam.", True),
    ("agitated-en", "Where is my order?!", True),
    ("agitated-en", "I'll talk to my lawyer.", True),
    ("agitated-en", "Terrible experience, never again.", True),
    ("agitated-en", "Why is nobody answering!!", True),
    ("calm", "好的，谢谢!", False),
    ("calm", "请问什么时候发货", False),
    ("calm", "收到，辛苦了!", False),
    ("calm", "订单号是123456", False),
    ("calm", "我想换一个颜色", False),
    ("calm", "可以开发票吗?", False),
    ("calm", "谢谢你们的帮助!", False),
    ("calm", "Thanks a lot!", False),
    ("calm", "When will it arrive?", False),
    ("calm", "Great, that works!", False),
    ("calm", "OK, I'll wait.", False),
    ("calm", "明天上午可以送到吗？", False),
    ("calm", "麻烦帮我查一下物流", False),
    ("calm", "好的好的", False),
    ("calm", "太好了，问题解决了!", False),
    ("calm", "Could you check my refund status?", False),
    ("negated", "问题解决了，不投诉了", False),
    ("negated", "没有生气，就是想问问", False),
    ("negated", "我不会给差评的", False),
    ("negated", "I'm not angry, just confused.", False),
    ("negated", "No complaint, just a question.", False),
    ("negated", "不是投诉，是建议", False),
    ("negated", "我没有要投诉的意思", False),
    ("negated", "不会举报的，放心", False),
    ("look-alike", "投诉建议：希望增加夜间模式", False),
    ("look-alike", "你们的多媒体功能怎么用", False),
    ("look-alike", "在社交媒体上看到你们的广告", False),
    ("look-alike", "请问生气泡水还有货吗", False),
    ("look-alike", "订单号2023123156", False),
    ("look-alike", "Can you recommend an angry birds phone case?", False),
    ("quote", "客服说“你去投诉吧”，我只是想问问怎么退", False),
    ("quote", "朋友说“这家是骗子”，是真的吗", False),
    # -- the first held-out round (bench/RESULTS.md), since part of the labelled set ---
    ("agitated", "第四次打电话了，你们到底管不管！！", True),
    ("agitated", "什么垃圾客服，问了半天答非所问", True),
    ("agitated", "再这样我就去消协", True),
    ("agitated", "我真是被你们气死了", True),
    ("agitated", "说好的三天，现在都一周了，骗人", True),
    ("agitated", "你们太让人失望了", True),
    ("agitated", "退款呢？？钱呢！", True),
    ("agitated", "我要在微博曝光", True),
    ("agitated-en", "This is completely unacceptable!", True),
    ("agitated-en", "I am so angry right now.", True),
    ("agitated-en", "Worst company I have ever dealt with.", True),
    ("agitated-en", "Stop wasting my time!!", True),
    ("calm", "好的，那我等您消息!", False),
    ("calm", "请问还要多久？", False),
    ("calm", "谢谢，已经收到了", False),
    ("calm", "Perfect, thank you!", False),
    ("calm", "Can I change the address?", False),
    ("calm", "明白了，谢谢你", False),
    ("negated", "不生气，就是有点着急", False),
    ("negated", "我也不想投诉，只要给我换货就行", False),
    ("negated", "I'm not complaining, just asking.", False),
    ("look-alike", "投诉建议类的工单怎么提交", False),
    ("look-alike", "多媒体播放器能连蓝牙吗", False),
    ("quote", "您说的“投诉通道”在哪里？", False),
]

#: (group, agent reply, acknowledges first)
REPLIES: list[tuple[str, str, bool]] = [
    ("first", "非常抱歉给您带来不便，我马上为您处理", True),
    ("first", "非常理解您的着急，我会尽力帮您解决", True),
    ("first", "您好，这里是客服中心，非常抱歉让您久等了", True),
    ("first", "您好，我是客服小李，很高兴为您服务，我理解您的心情", True),
    ("first", "对不起，是我们的失误", True),
    ("first", "亲，真的很抱歉，我这就帮您查", True),
    ("first", "您先别着急，我马上帮您处理", True),
    ("first", "不好意思让您久等了，订单已经加急", True),
    ("first", "您好，给您带来的不便我们深表歉意", True),
    ("first", "理解您的心情，这个问题我们一定解决", True),
    ("first", "好的，非常抱歉，我马上核实", True),
    ("first", "您好，客服小王为您服务，对不起让您失望了", True),
    ("first", "我非常理解您现在的心情，如果我遇到这种情况也会很着急", True),
    ("first", "辛苦您了，我们马上处理", True),
    ("first", "请您消消气，我这边立刻帮您跟进", True),
    ("first", "I'm so sorry about this, let me fix it right away.", True),
    ("first", "Hi Anna, I completely understand your frustration.", True),
    ("first", "Hello, this is Tom from support. I apologize for the delay.", True),
    ("first", "I understand, and I'm sorry. Here's what I'll do.", True),
    ("first", "Thank you for reaching out, and sorry for the trouble.", True),
    ("first", "That must be frustrating. Let me check your order.", True),
    ("first", "Apologies for the wait, your refund is on its way.", True),
    ("first", "您好，售后服务部，非常抱歉", True),
    ("first", "在的，抱歉抱歉，马上帮您看", True),
    ("late", "您好，您的订单已发货，抱歉让您久等", False),
    ("late", "请提供订单号，给您带来不便非常抱歉", False),
    ("late", "这个是系统问题，对不起", False),
    ("late", "Your order shipped yesterday. Sorry for the delay.", False),
    ("late", "Please send me your order number. I understand this is frustrating.", False),
    ("late", "您好，退款已经处理了，理解您的心情", False),
    ("late", "按照规定需要先寄回检测，抱歉", False),
    ("late", "您好这边帮您查一下，抱歉", False),
    ("none", "好的，我帮您查一下", False),
    ("none", "请提供一下订单号", False),
    ("none", "您好，请问有什么可以帮您", False),
    ("none", "已经为您加急处理", False),
    ("none", "您好，这里是客服中心，很高兴为您服务", False),
    ("none", "Please provide your order number.", False),
    ("none", "Your refund has been processed.", False),
    ("none", "Hello, how can I help you?", False),
    ("none", "这个需要您自己去官网查看", False),
    ("none", "系统显示已签收", False),
    ("none", "感谢您的耐心等待，已为您处理", False),
    ("negated", "我不理解您为什么这么生气", False),
    ("negated", "I don't understand why you are upset.", False),
    ("negated", "没有什么好抱歉的，规定就是这样", False),
    # -- the first held-out round (bench/RESULTS.md), since part of the labelled set ---
    ("first", "非常抱歉，这次是我们的问题，我马上帮您退款", True),
    ("first", "您好，我是客服主管王强，对于给您造成的困扰我们深表歉意", True),
    ("first", "理解您的着急，我已经帮您加急了", True),
    ("first", "亲亲，实在对不起让您久等", True),
    ("first", "I'm really sorry to hear that. I'll look into it now.", True),
    ("first", "Hi, I understand how annoying this is.", True),
    ("first", "您好，这里是售后服务中心，先跟您说声抱歉", True),
    ("first", "您别着急，我们一定给您处理好", True),
    ("first", "收到，非常抱歉让您失望了", True),
    ("first", "Good afternoon, my apologies for the trouble.", True),
    ("late", "您好，已经为您登记了，抱歉", False),
    ("late", "物流显示明天送达，给您带来不便很抱歉", False),
    ("late", "You can track your parcel online. Sorry again.", False),
    ("late", "这边查到您的订单了，非常抱歉", False),
    ("none", "请您提供一下手机号", False),
    ("none", "您好，这个问题需要您重启一下设备", False),
    ("none", "Let me check that for you.", False),
    ("none", "按照流程需要3个工作日", False),
    ("none", "您好，在的，请问有什么可以帮您", False),
    ("none", "We have escalated your case.", False),
    ("negated", "这个我们也不理解您的意思", False),
    ("negated", "I'm not sorry, this is the policy.", False),
]

#: Written after the lists were frozen (a second round: the first is in the sets
#: above), in other words, and never used to change them.
HELDOUT_CUSTOMER: list[tuple[str, str, bool]] = [
    ("agitated", "你们这效率也太低了吧，简直离谱", True),
    ("agitated", "别跟我说这些没用的，马上给我退钱！！", True),
    ("agitated", "三天了都没人回复，我要投诉", True),
    ("agitated", "这种垃圾质量也好意思卖", True),
    ("agitated", "我对你们彻底失望了", True),
    ("agitated-en", "This is outrageous, I paid twice!", True),
    ("agitated-en", "Are you kidding me?! It broke again.", True),
    ("agitated-en", "I'm sick of calling you every day.", True),
    ("calm", "好的，麻烦尽快!", False),
    ("calm", "请问有黑色的吗?", False),
    ("calm", "收到货了，很满意!", False),
    ("calm", "Thanks, have a nice day!", False),
    ("calm", "我想问一下保修的事", False),
    ("negated", "我没生气，你慢慢查", False),
    ("negated", "这次就不投诉了，下不为例", False),
    ("look-alike", "我想提一条投诉建议：客服热线晚上也开吧", False),
    ("quote", "说明书里写的“如有质量问题可投诉”是什么意思", False),
]
HELDOUT_REPLIES: list[tuple[str, str, bool]] = [
    ("first", "您好，真的非常抱歉，我立刻帮您申请退款", True),
    ("first", "很抱歉给您带来这么不好的体验", True),
    ("first", "您好，我是售后专员小张，非常理解您的心情", True),
    ("first", "I apologise for the inconvenience, let me sort this out.", True),
    ("first", "Hello Sam, sorry for the double charge.", True),
    ("first", "好的好的，抱歉，马上处理", True),
    ("late", "您好，退款将原路退回，抱歉给您添麻烦了", False),
    ("late", "We will send a replacement. Apologies!", False),
    ("late", "请先拍照发给我们，理解您的心情", False),
    ("none", "您好，麻烦提供一下订单截图", False),
    ("none", "已为您登记，会尽快处理", False),
    ("none", "Hi, can you confirm your email address?", False),
    ("none", "您好，这里是客服中心，请问订单号是多少", False),
    ("negated", "我们无法理解您的要求", False),
]


def judged(texts: list[str], which: str) -> list[bool]:
    """The rule's reading of each text: ``agitated`` or ``acknowledges``."""
    import polars as pl

    from svccheck.rules.conversation import normalised
    from svccheck.rules.empathy import acknowledges_first, agitated, empathy_first

    params = empathy_first.default_params()
    read = agitated if which == "agitated" else acknowledges_first
    frame = pl.DataFrame({"text": texts}).select(read(normalised(pl.col("text")), params))
    return frame.to_series().to_list()


def evaluate(lines: list[tuple[str, str, bool]], which: str
             ) -> tuple[Score, dict[str, Score], list[tuple[str, bool, bool]]]:
    """Scores with the finding's class as positive: agitated / not acknowledged first."""
    got = judged([text for _, text, _ in lines], which)
    return score_flags(lines, got, positive=which == "agitated")


def report(title: str, lines: list[tuple[str, str, bool]], which: str) -> None:
    total, groups, wrong = evaluate(lines, which)
    what = "agitated" if which == "agitated" else "not acknowledged first"
    print(f"{title}: {len(lines)} lines, {total.tp + total.fn} {what}: "
          f"precision {total.precision:.4f}, recall {total.recall:.4f}\n")
    print_groups(lines, groups)
    if wrong:
        print("\n| line | labelled | read |\n|---|---|---|")
        for text, want, have in wrong:
            print(f"| {text} | {want} | {have} |")
    print()


def main() -> int:
    report("Customer messages (agitated?)", CUSTOMER, "agitated")
    report("Agent replies (acknowledge first?)", REPLIES, "acknowledges")
    if HELDOUT_CUSTOMER:
        report("Held out, customer messages", HELDOUT_CUSTOMER, "agitated")
    if HELDOUT_REPLIES:
        report("Held out, agent replies", HELDOUT_REPLIES, "acknowledges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
