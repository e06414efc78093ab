#!/usr/bin/env python3
"""A labelled set of agent lines for ``conduct.forbidden-phrases``: precision and recall.

Why this exists: a forbidden-phrase list that fires on "您不知道订单号也没关系"
punishes the courtesy the seeds ask for (004 四, 002 2.3); one that misses
"不归我管" lets the 推诿 through (000 二.一). Neither can be claimed without
lines whose verdict is known. These are lines as an agent writes them, each
labelled with the forbidden expressions it holds, in five groups:

* ``forbidden`` -- brush-offs, in Chinese and English;
* ``look-alike`` -- courteous lines that contain a forbidden phrase
  (不知道您是否方便, 如有不清楚的地方, 如果线上没办法解决…);
* ``negation`` -- the agent saying they will *not* say it (我们不会说没办法);
* ``quote`` -- the agent quoting the customer, or a colleague being
  apologised for (您说客服回复“不归我管”);
* ``neutral`` -- ordinary lines.

The rule's own matching (:func:`svccheck.rules.phrases.phrase_hits`) runs
on them with the phrases of the shipped ``cn-baseline`` standard; a phrase
found on a line counts as a true positive if the line's label holds it.
These lines were written with the rule's default list, so they measure that
list, not text nobody planned for. Run::

    python bench/conduct_lines.py

``tests/rules/test_conduct_lines.py`` asserts precision and recall >= 0.95.
:data:`HELDOUT` holds lines written after the list was fixed and never used
to change it; the script reports them apart, misses and all.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ is no package: a test loads these scripts from their files
sys.path.insert(0, str(Path(__file__).resolve().parent))
from labelled import Score, print_groups, score_items

#: (group, line, forbidden expressions it holds)
LINES: list[tuple[str, str, tuple[str, ...]]] = [
    # -- forbidden --------------------------------------------------------------------
    ("forbidden", "这个我不知道，你问问别人吧", ("不知道",)),
    ("forbidden", "不知道，系统就是这样", ("不知道",)),
    ("forbidden", "我也不知道为什么没发货", ("不知道",)),
    ("forbidden", "具体原因我们不清楚", ("不清楚",)),
    ("forbidden", "这个我真不清楚", ("不清楚",)),
    ("forbidden", "这不归我管，你找物流公司", ("不归我管",)),
    ("forbidden", "退款的事不归我管", ("不归我管",)),
    ("forbidden", "这不是我们的问题，是快递的问题", ("不是我们的问题",)),
    ("forbidden", "这不是我的问题，系统自动扣的", ("不是我的问题",)),
    ("forbidden", "你自己看订单详情吧", ("你自己看",)),
    ("forbidden", "说明书上都写了，自己去看", ("自己去看",)),
    ("forbidden", "没办法，已经过了退货期", ("没办法",)),
    ("forbidden", "这个真没办法", ("没办法",)),
    ("forbidden", "我也没办法，上面规定的", ("我也没办法",)),
    ("forbidden", "我说了好几遍了，你听不懂吗？", ("你听不懂吗",)),
    ("forbidden", "这都听不懂吗", ("听不懂吗",)),
    ("forbidden", "我不管，你自己联系商家", ("我不管",)),
    ("forbidden", "爱买不买", ("爱买不买",)),
    ("forbidden", "随便你，反正退不了", ("随便你",)),
    ("forbidden", "找别人去，我这处理不了", ("找别人去",)),
    ("forbidden", "你找别的部门吧", ("你找别的部门",)),
    ("forbidden", "这是规定，不能改", ("这是规定",)),
    ("forbidden", "没办法，这是规定", ("没办法", "这是规定")),
    ("forbidden", "不知道，不清楚，你别问我了", ("不知道", "不清楚")),
    ("forbidden", "我哪知道？不知道", ("不知道",)),
    ("forbidden", "你问我我也不知道啊", ("不知道",)),
    ("forbidden", "这事我们不管，我不管", ("我不管",)),
    ("forbidden", "那我也没办法了", ("我也没办法",)),
    ("forbidden", "物流的事我们也不清楚", ("不清楚",)),
    ("forbidden", "说了这是规定，没得商量", ("这是规定",)),
    ("forbidden", "你自己看吧，页面上都有", ("你自己看",)),
    ("forbidden", "自己去看规则", ("自己去看",)),
    ("forbidden", "那随便你吧", ("随便你",)),
    ("forbidden", "我这边没办法处理，你找别人去", ("没办法", "找别人去")),
    ("forbidden", "我也不清楚，你找别的部门", ("不清楚", "你找别的部门")),
    ("forbidden", "这个不归我管你去问别人", ("不归我管",)),
    ("forbidden", "这不是我们的问题啊亲", ("不是我们的问题",)),
    ("forbidden", "随便你怎么投诉", ("随便你",)),
    ("forbidden", "反正这是规定", ("这是规定",)),
    ("forbidden", "我不管你怎么想", ("我不管",)),
    ("forbidden", "你连这个都听不懂吗", ("听不懂吗",)),
    ("forbidden", "那没办法了", ("没办法",)),
    ("forbidden", "不知道啊", ("不知道",)),
    ("forbidden", "我们也不知道什么时候到", ("不知道",)),
    ("forbidden", "谁知道呢，不清楚", ("不清楚",)),
    ("forbidden", "不归我管的事别问我", ("不归我管",)),
    ("forbidden", "没办法啦，等着吧", ("没办法",)),
    ("forbidden", "这是规定！", ("这是规定",)),
    ("forbidden", "不清楚，我就是个客服", ("不清楚",)),
    ("forbidden", "你自己看说明", ("你自己看",)),
    ("forbidden", "我不管了", ("我不管",)),
    ("forbidden", "找别人去吧", ("找别人去",)),
    ("forbidden", "I don't know, ask the courier.", ("i don't know",)),
    ("forbidden", "That's not my problem.", ("not my problem",)),
    ("forbidden", "Calm down, sir.", ("calm down",)),
    ("forbidden", "There's nothing I can do.", ("nothing i can do",)),
    ("forbidden", "It's not our problem, talk to the bank.", ("not our problem",)),
    ("forbidden", "That's the policy, take it or leave it.", ("that's the policy",)),
    ("forbidden", "Deal with it.", ("deal with it",)),
    ("forbidden", "Figure it out yourself.", ("figure it out yourself",)),
    ("forbidden", "Not my department.", ("not my department",)),
    ("forbidden", "Not my job to check that.", ("not my job",)),
    ("forbidden", "Honestly I don't know.", ("i don't know",)),
    ("forbidden", "Please calm down and listen.", ("calm down",)),
    ("forbidden", "I DON'T KNOW what happened.", ("i don't know",)),
    ("forbidden", "We can't, that's the policy.", ("that's the policy",)),
    ("forbidden", "it's not my problem really", ("not my problem",)),
    ("forbidden", "i don't know and i don't care", ("i don't know",)),
    ("forbidden", "calm down please", ("calm down",)),
    ("forbidden", "I don't know when it will arrive.", ("i don't know",)),
    ("forbidden", "我真的不知道怎么回事", ("不知道",)),
    ("forbidden", "不清楚，等通知吧", ("不清楚",)),
    # -- courteous look-alikes ----------------------------------------------------------
    ("look-alike", "您不知道订单号也没关系，我帮您查", ()),
    ("look-alike", "不知道您是否方便接听电话？", ()),
    ("look-alike", "不知道是否已经收到包裹呢？", ()),
    ("look-alike", "如有不清楚的地方请随时问我", ()),
    ("look-alike", "哪里不清楚我再给您解释", ()),
    ("look-alike", "如果不清楚可以截图发我", ()),
    ("look-alike", "您那边声音有点不清楚，能大声一点吗？", ()),
    ("look-alike", "图片看不清楚，麻烦重新拍一张", ()),
    ("look-alike", "如果线上没办法解决，我们安排师傅上门", ()),
    ("look-alike", "之前一直没办法联系到您，所以给您发了短信", ()),
    ("look-alike", "您可以自己去看一下订单详情，也可以我帮您查", ()),
    ("look-alike", "随便你选哪一款，我们都包邮", ()),
    ("look-alike", "即使不是我们的问题，我们也会帮您协调", ()),
    ("look-alike", "不需要你找别的部门，我来帮您转接", ()),
    ("look-alike", "不知道能否方便提供一下订单号？", ()),
    ("look-alike", "如果您不知道怎么操作，我一步一步教您", ()),
    ("look-alike", "您是不知道在哪里查看物流吗？我发您截图", ()),
    ("look-alike", "没有不清楚的地方吧？", ()),
    ("look-alike", "若有不清楚之处，欢迎随时咨询", ()),
    ("look-alike", "If you don't know your order number, that's fine.", ()),
    ("look-alike", "I don't know if you've received the email yet, could you check?", ()),
    ("look-alike", "这是规定范围内可以办理的，我帮您申请", ()),
    ("look-alike", "您说的问题我不太清楚，能具体描述一下吗？", ()),
    ("look-alike", "如果您不清楚型号，可以看一下机身背面", ()),
    ("look-alike", "我们会想办法帮您解决", ()),
    ("look-alike", "不知道还有什么可以帮您的吗？", ()),
    ("look-alike", "您不用自己去看，我直接告诉您", ()),
    ("look-alike", "没办法接通的话您可以在线留言", ()),
    ("look-alike", "不知道您这边还需要什么帮助？", ()),
    ("look-alike", "不知道有没有帮到您？", ()),
    ("look-alike", "您还不知道怎么退款吗？我教您", ()),
    ("look-alike", "如果你不知道账号，可以用手机号登录", ()),
    ("look-alike", "不是不知道，而是需要先核实一下", ()),
    ("look-alike", "您放心，就算不是我们的问题，我也会跟进到底", ()),
    ("look-alike", "There is something I can do: I'll escalate it.", ()),
    ("look-alike", "I don't know whether the courier called, let me check for you.", ()),
    # -- negations -----------------------------------------------------------------------
    ("negation", "我们不会说“不知道”，一定给您答复", ()),
    ("negation", "绝不会跟您说不归我管", ()),
    ("negation", "我们从不说这是规定来敷衍您", ()),
    ("negation", "请放心，我们不会说没办法", ()),
    ("negation", "您别担心，不是说没办法，我来想办法", ()),
    ("negation", "这并不是我们不管，我马上处理", ()),
    ("negation", "We never say \"not my problem\" here.", ()),
    ("negation", "I won't tell you to calm down, I understand you're upset.", ()),
    ("negation", "We would never say that's the policy and leave it there.", ()),
    ("negation", "我不会跟你说找别人去的，这个我负责", ()),
    # -- quotes ------------------------------------------------------------------------
    ("quote", "您刚才说“这不是我的问题”，我理解您的意思", ()),
    ("quote", "您说客服回复“不归我管”，我们会严肃处理", ()),
    ("quote", "您反映之前的客服说“没办法”，非常抱歉", ()),
    ("quote", "You mentioned the agent said \"not my problem\", I'm sorry about that.", ()),
    ("quote", "您说之前有人让您「自己去看」，我们已批评教育", ()),
    ("quote", "关于您说的“爱买不买”，我们深表歉意", ()),
    ("quote", "您投诉的那句\"这是规定\"确实不妥", ()),
    ("quote", "You wrote \"I don't know what to do\", let me help.", ()),
    ("quote", "同事那句“你找别的部门”是不对的，我来处理", ()),
    ("quote", "『随便你』这种话不该出现，抱歉", ()),
    # -- neutral -----------------------------------------------------------------------
    ("neutral", "您好，这里是客服中心，很高兴为您服务", ()),
    ("neutral", "已为您登记退款，预计3个工作日到账", ()),
    ("neutral", "请您提供一下订单号", ()),
    ("neutral", "包裹已经在派送中了", ()),
    ("neutral", "感谢您的耐心等待", ()),
    ("neutral", "稍等，我帮您查询一下", ()),
    ("neutral", "这边已经为您升级处理", ()),
    ("neutral", "您的问题我已经记录下来了", ()),
    ("neutral", "Thanks for reaching out!", ()),
    ("neutral", "Your refund has been processed.", ()),
    ("neutral", "I'll follow up with the warehouse today.", ()),
    ("neutral", "Could you share a photo of the damage?", ()),
    ("neutral", "好的，马上为您处理", ()),
    ("neutral", "请问还有其他问题吗？", ()),
    ("neutral", "我们会在24小时内回复您", ()),
    ("neutral", "您看这样处理可以吗？", ()),
    ("neutral", "给您带来不便非常抱歉", ()),
    ("neutral", "我这边帮您联系一下物流", ()),
    ("neutral", "已为您备注优先发货", ()),
    ("neutral", "好的，祝您生活愉快", ()),
    ("neutral", "我理解您的心情，我马上帮您处理", ()),
    ("neutral", "这个问题我立即反馈给相关部门", ()),
    ("neutral", "按照规定，我们需要核实身份，请您谅解", ()),
    ("neutral", "没关系，我这边帮您处理", ()),
    ("neutral", "Let me find out for you.", ()),
    ("neutral", "I understand how frustrating this is.", ()),
    ("neutral", "No problem at all!", ()),
    ("neutral", "Please don't worry, we'll sort it out.", ()),
]

#: Written after the list and the lines above were fixed, in other words, and
#: not used to change the list: what the list does on lines nobody tuned it to.
HELDOUT: list[tuple[str, str, tuple[str, ...]]] = [
    ("forbidden", "这种情况我们也没办法啊", ("没办法",)),
    ("forbidden", "不清楚哦，您再等等", ("不清楚",)),
    ("forbidden", "亲，这个不归我管哦", ("不归我管",)),
    ("forbidden", "这个问题不是我的问题，您找商家", ("不是我的问题",)),
    ("forbidden", "谁让你不看说明的，你自己看", ("你自己看",)),
    ("forbidden", "我哪知道快递什么时候到，不知道", ("不知道",)),
    ("forbidden", "就这样吧，随便你", ("随便你",)),
    ("forbidden", "这是规定，我也没办法", ("这是规定", "我也没办法")),
    ("forbidden", "I really don't know.", ("i don't know",)),
    ("forbidden", "Sorry, not my problem mate", ("not my problem",)),
    ("forbidden", "You need to calm down first.", ("calm down",)),
    ("forbidden", "Nothing I can do about it.", ("nothing i can do",)),
    ("forbidden", "咱也不知道啊", ("不知道",)),
    ("forbidden", "不清楚不清楚", ("不清楚",)),
    ("forbidden", "自己去看说明书，别老问", ("自己去看",)),
    ("forbidden", "这都不懂？你听不懂吗", ("你听不懂吗",)),
    ("forbidden", "爱买不买，不买拉倒", ("爱买不买",)),
    ("look-alike", "不知道您今天方便在家签收吗？", ()),
    ("look-alike", "您不清楚的话我再说一遍", ()),
    ("look-alike", "如果系统没办法自动退款，我帮您手动操作", ()),
    ("look-alike", "我们会尽全力，不会让您自己去看", ()),
    ("look-alike", "您要是还不清楚，可以打我们热线", ()),
    ("look-alike", "不知道这样处理您是否满意？", ()),
    ("look-alike", "I don't know the exact date yet, but I will update you by 5pm.", ()),
    ("look-alike", "以后有不清楚的随时找我", ()),
    ("look-alike", "如您不知道收件码，可以在APP查看", ()),
    ("neutral", "您好，这边帮您查一下物流", ()),
    ("neutral", "没关系，我来想办法", ()),
    ("neutral", "请不要着急，我马上为您处理", ()),
    ("neutral", "Please let me know if anything is unclear.", ()),
    ("neutral", "I'm not sure yet, let me check.", ()),
    ("quote", "您说“随便你们”，我理解您很生气", ()),
    ("negation", "我们绝不会跟您说这是规定就不管了", ()),
]


def shipped_phrases() -> tuple[list, list]:
    """The phrases and exceptions ``cn-baseline`` ships (what an audit uses)."""
    from importlib import resources

    import yaml

    text = resources.files("svccheck").joinpath("data", "standards", "cn-baseline.yaml")
    params = yaml.safe_load(text.read_text("utf-8"))["rules"]["conduct.forbidden-phrases"][
        "params"]
    return params["phrases"], params.get("exceptions", [])


def found_on(lines: list[str], phrases: list, exceptions: list) -> list[list[str]]:
    """The forbidden phrases the rule's matching finds on each line."""
    import polars as pl

    from svccheck.rules.conduct import NEGATED
    from svccheck.rules.conversation import normalised
    from svccheck.rules.phrases import entries, phrase_hits

    frame = pl.LazyFrame({"line": list(range(len(lines))), "text": lines}).with_columns(
        normalised(pl.col("text")).alias("norm"))
    hits = (phrase_hits(frame, entries(phrases, exceptions), NEGATED)
            .select("line", "_phrase").collect())
    out: list[list[str]] = [[] for _ in lines]
    for line, phrase in hits.iter_rows():
        out[line].append(phrase)
    return out


def evaluate(lines: list[tuple[str, str, tuple[str, ...]]] = LINES
             ) -> tuple[Score, dict[str, Score], list[tuple[str, tuple, list]]]:
    """Overall and per-group scores, and the lines the rule got wrong."""
    phrases, exceptions = shipped_phrases()
    found = found_on([text for _, text, _ in lines], phrases, exceptions)
    return score_items(lines, found)


def report(title: str, lines: list[tuple[str, str, tuple[str, ...]]]) -> None:
    total, groups, wrong = evaluate(lines)
    print(f"{title}: {len(lines)} agent lines, {total.tp + total.fn} forbidden expressions: "
          f"precision {total.precision:.4f}, recall {total.recall:.4f}\n")
    print_groups(lines, groups, order=("forbidden", "look-alike", "negation", "quote", "neutral"))
    if wrong:
        print("\n| line | expected | found |\n|---|---|---|")
        for text, expected, got in wrong:
            print(f"| {text} | {', '.join(expected) or '-'} | {', '.join(got) or '-'} |")
    print()


def main() -> int:
    report("Labelled set", LINES)
    report("Held out", HELDOUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
