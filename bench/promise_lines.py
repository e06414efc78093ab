#!/usr/bin/env python3
"""A labelled set of agent lines for ``response.kept-promise``: precision and recall.

Why this exists: a promise reader that takes "退款1-3个工作日原路退回" or
"如果明天还不行您再联系我们" for the agent's promise flags agents who promised
nothing; one that misses "明天上午给您答复" lets a broken promise through
(004 三, 002 2.3). Neither can be claimed without lines whose verdict is
known. Each line is an agent line sent on Wednesday 2025-11-12 10:00
(Asia/Shanghai, the cn-baseline calendar), labelled with the deadline of
each promise it makes (``vague`` for a promise whose time cannot be read),
in groups:

* ``promise`` / ``promise-en`` -- promises, Chinese and English;
* ``vague`` -- a verb of contact with a time that cannot be read (稍后, ASAP);
* ``conditional`` -- 如果明天还不行您再联系我们, "if you don't hear from us";
* ``customer`` -- the customer's own action (请您在24小时内回复);
* ``third-party`` -- 退款1-3个工作日原路退回, 快递员会在2小时内联系您;
* ``figure`` -- product figures and other times without contact (预计续航8小时);
* ``quote`` -- the customer's words quoted;
* ``done`` -- what already happened, or will not (已在2小时内回电, 无法今天回复);
* ``neutral`` -- ordinary lines.

A found promise counts as a true positive only when its deadline is the
labelled one. The rule's own reading (:func:`svccheck.rules.promises.read_frame`
and :func:`~svccheck.rules.promises.with_deadline`) runs on them. These
lines were written together with the reader, so they measure it, not text
nobody planned for: :data:`HELDOUT` holds lines written after it was frozen
and never used to change it; the script reports them apart. Run::

    python bench/promise_lines.py

``tests/rules/test_promise_lines.py`` asserts precision and recall >= 0.95.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ is no package: a test loads these scripts from their files
sys.path.insert(0, str(Path(__file__).resolve().parent))
from labelled import Score, print_groups, score_items

#: When every line was sent (a Wednesday; no holiday nearby).
SENT = "2025-11-12 10:00"
V = "vague"

#: (group, line, deadlines of the promises it makes)
LINES: list[tuple[str, str, tuple[str, ...]]] = [
    # -- promises (zh) ------------------------------------------------------------------
    ("promise", "协调排班优化，承诺2小时内回电", ("2025-11-12 12:00",)),
    ("promise", "预计3个工作日内回复", ("2025-11-17 18:00",)),
    ("promise", "明天上午给您答复", ("2025-11-13 12:00",)),
    ("promise", "我们会在24小时内给您回复", ("2025-11-13 10:00",)),
    ("promise", "您好，我这边2小时内给您回电", ("2025-11-12 12:00",)),
    ("promise", "已为您登记，1个工作日内会有专员联系您", ("2025-11-13 18:00",)),
    ("promise", "请您耐心等待，我们会在48小时内答复您", ("2025-11-14 10:00",)),
    ("promise", "今天下班前给您答复", ("2025-11-12 18:00",)),
    ("promise", "我今天下班前一定给您回个电话", ("2025-11-12 18:00",)),
    ("promise", "明天给您回电", ("2025-11-14 00:00",)),
    ("promise", "30分钟内给您回复", ("2025-11-12 10:30",)),
    ("promise", "半小时内给您回电话", ("2025-11-12 10:30",)),
    ("promise", "一个半小时内给您反馈结果", ("2025-11-12 11:30",)),
    ("promise", "两个工作日内答复您", ("2025-11-14 18:00",)),
    ("promise", "预计5个工作日内给您答复", ("2025-11-19 18:00",)),
    ("promise", "我们将在1-3个工作日内回复您", ("2025-11-17 18:00",)),
    ("promise", "3天内给您反馈结果", ("2025-11-16 00:00",)),
    ("promise", "下午3点前给您回电话", ("2025-11-12 15:00",)),
    ("promise", "下午4点半之前联系您", ("2025-11-12 16:30",)),
    ("promise", "明天下午给您回电", ("2025-11-13 18:00",)),
    ("promise", "明天上午10点前给您答复", ("2025-11-13 10:00",)),
    ("promise", "明早给您回复", ("2025-11-13 12:00",)),
    ("promise", "后天给您答复", ("2025-11-15 00:00",)),
    ("promise", "周五前给您回复", ("2025-11-15 00:00",)),
    ("promise", "下周一给您回电", ("2025-11-18 00:00",)),
    ("promise", "11月20日前给您答复", ("2025-11-21 00:00",)),
    ("promise", "技术同事会在4小时内联系您", ("2025-11-12 14:00",)),
    ("promise", "工程师2小时内给您回电", ("2025-11-12 12:00",)),
    ("promise", "我们会在24小时之内给您一个答复", ("2025-11-13 10:00",)),
    ("promise", "好的，我1小时后给您回电", ("2025-11-12 11:00",)),
    ("promise", "已加急处理，预计明天中午前回复您", ("2025-11-13 12:00",)),
    ("promise", "我这边核实一下，十分钟内回复您", ("2025-11-12 10:10",)),
    ("promise", "主管会在今天内联系您", ("2025-11-13 00:00",)),
    ("promise", "亲，我们会在2个工作日内反馈处理结果", ("2025-11-14 18:00",)),
    ("promise", "我们承诺24小时内给您回复", ("2025-11-13 10:00",)),
    ("promise", "稍等，我问一下仓库，20分钟内给您回复", ("2025-11-12 10:20",)),
    ("promise", "一周内给您答复", ("2025-11-20 00:00",)),
    ("promise", "明天下班前电话联系您", ("2025-11-13 18:00",)),
    ("promise", "我们会在今天下午5点前通知您", ("2025-11-12 17:00",)),
    ("promise", "下一个工作日给您回复", ("2025-11-13 18:00",)),
    ("promise", "您的问题已记录，两小时内给您回电，请保持电话畅通", ("2025-11-12 12:00",)),
    ("promise", "明天上午给您回电，下午三点前给您答复最终方案",
     ("2025-11-13 12:00", "2025-11-12 15:00")),
    ("promise", "我这边4个小时内给您回复", ("2025-11-12 14:00",)),
    ("promise", "专员将于2个工作小时内联系您", ("2025-11-12 12:00",)),
    ("promise", "预计3到5个工作日内给您答复", ("2025-11-19 18:00",)),
    ("promise", "收到，我们12小时内给您回复", ("2025-11-12 22:00",)),
    ("promise", "我们2小时内给您答复，如有疑问请随时联系", ("2025-11-12 12:00",)),
    ("promise", "您放心，明天一定给您回复", ("2025-11-14 00:00",)),
    ("promise", "请您放心我们明天上午给您回电", ("2025-11-13 12:00",)),
    ("promise", "预计明天给您答复", ("2025-11-14 00:00",)),
    ("promise", "亲亲，2个小时以内回复您哈", ("2025-11-12 12:00",)),
    ("promise", "明天9点前给您回电", ("2025-11-13 09:00",)),
    ("promise", "晚上8点前回复您", ("2025-11-12 20:00",)),
    ("promise", "中午12点前给您答复", ("2025-11-12 12:00",)),
    ("promise", "下周三前给您回复", ("2025-11-20 00:00",)),
    ("promise", "本周五前给您答复", ("2025-11-15 00:00",)),
    ("promise", "今晚给您回电", ("2025-11-13 00:00",)),
    ("promise", "稍后3点给您回电", ("2025-11-12 15:00",)),
    # -- promises (en) ------------------------------------------------------------------
    ("promise-en", "We'll get back to you within 24 hours.", ("2025-11-13 10:00",)),
    ("promise-en", "I will call you back tomorrow morning.", ("2025-11-13 12:00",)),
    ("promise-en", "Expect a reply within 2 business days.", ("2025-11-14 18:00",)),
    ("promise-en", "I'll update you by 5pm today.", ("2025-11-12 17:00",)),
    ("promise-en", "We will contact you within 3 working days.", ("2025-11-17 18:00",)),
    ("promise-en", "I'll get back to you by end of day.", ("2025-11-12 18:00",)),
    ("promise-en", "Our engineer will call you back within 2 hours.", ("2025-11-12 12:00",)),
    ("promise-en", "I'll let you know by Friday.", ("2025-11-15 00:00",)),
    ("promise-en", "We will reply within 48 hours.", ("2025-11-14 10:00",)),
    ("promise-en", "I'll follow up with you tomorrow.", ("2025-11-14 00:00",)),
    ("promise-en", "We'll email you within 30 minutes.", ("2025-11-12 10:30",)),
    ("promise-en", "Thanks, I'll get back to you within one business day.",
     ("2025-11-13 18:00",)),
    ("promise-en", "You'll hear from us within 24 hours.", ("2025-11-13 10:00",)),
    ("promise-en", "I will respond by noon tomorrow.", ("2025-11-13 12:00",)),
    ("promise-en", "We aim to reply within 4 hours.", ("2025-11-12 14:00",)),
    ("promise-en", "I'll call you back this afternoon.", ("2025-11-12 18:00",)),
    ("promise-en", "Let me check with the warehouse and get back to you in 2 hours.",
     ("2025-11-12 12:00",)),
    ("promise-en", "We will get in touch within 5 business days.", ("2025-11-19 18:00",)),
    ("promise-en", "I'll reply to your email within the hour.", ("2025-11-12 11:00",)),
    ("promise-en", "Someone will call you back within 2 hours.", ("2025-11-12 12:00",)),
    ("promise-en", "Our team will reach out by tomorrow.", ("2025-11-14 00:00",)),
    ("promise-en", "I'll call you at 3pm.", ("2025-11-12 15:00",)),
    ("promise-en", "Update: I'll reply by 15:30.", ("2025-11-12 15:30",)),
    ("promise", "备注：今天15:30前给您回电", ("2025-11-12 15:30",)),
    ("promise", "已承诺客户明天上午回电", ("2025-11-13 12:00",)),
    ("promise", "已和客户约定后天下午回电", ("2025-11-14 18:00",)),
    ("promise", "已转技术支持排查，承诺24小时内反馈处理进度", ("2025-11-13 10:00",)),
    # -- vague times ----------------------------------------------------------------------
    ("vague", "稍后给您回复", (V,)),
    ("vague", "我们会尽快给您答复", (V,)),
    ("vague", "马上给您回电", (V,)),
    ("vague", "核实后第一时间通知您", (V,)),
    ("vague", "I'll get back to you shortly.", (V,)),
    ("vague", "We will reply as soon as possible.", (V,)),
    ("vague", "晚些时候给您回电话", (V,)),
    ("vague", "稍后会有专员联系您", (V,)),
    # -- conditionals -----------------------------------------------------------------------
    ("conditional", "如果明天还不行您再联系我们", ()),
    ("conditional", "如有疑问，我们会在24小时内回复", ()),
    ("conditional", "要是今天还没到账，明天上午给您回电", ()),
    ("conditional", "If you don't hear from us within 24 hours, please call us.", ()),
    ("conditional", "如您需要，我们可以2小时内给您回电", ()),
    ("conditional", "万一3个工作日内没有收到，请联系我们", ()),
    ("conditional", "如需加急，我们会在4小时内联系您", ()),
    ("conditional", "If the issue persists, we'll call you back within 2 hours.", ()),
    ("conditional", "假如明天还没有发货，我们会致电告知您原因", ()),
    ("conditional", "若24小时内未收到回复，您可以拨打热线", ()),
    # -- the customer's action -------------------------------------------------------------
    ("customer", "请您在24小时内回复确认", ()),
    ("customer", "麻烦您3个工作日内回复一下", ()),
    ("customer", "您可以明天上午联系我们", ()),
    ("customer", "Please reply within 24 hours to confirm.", ()),
    ("customer", "You can contact us within 7 days after delivery.", ()),
    ("customer", "请在48小时内回复邮件", ()),
    ("customer", "您再联系我们的时候报一下单号", ()),
    ("customer", "请于明天下午5点前回复", ()),
    ("customer", "客户要求明天上午回电", ()),
    ("customer", "客户说你们承诺2小时内回电", ()),
    ("customer", "The customer asked us to call back within an hour.", ()),
    # -- third parties ----------------------------------------------------------------------
    ("third-party", "退款1-3个工作日原路退回", ()),
    ("third-party", "快递员会在2小时内联系您", ()),
    ("third-party", "银行会在3个工作日内通知您", ()),
    ("third-party", "系统会在24小时内短信通知您", ()),
    ("third-party", "The bank will contact you within 3 business days.", ()),
    ("third-party", "The courier will call you within 2 hours of delivery.", ()),
    ("third-party", "商家会在48小时内回复您", ()),
    ("third-party", "物流公司预计明天上午联系您派送", ()),
    ("third-party", "退款将于3个工作日内到账", ()),
    ("third-party", "骑手10分钟内会给您打电话", ()),
    # -- figures and other times ------------------------------------------------------------
    ("figure", "预计续航8小时", ()),
    ("figure", "充电2小时即可充满", ()),
    ("figure", "保修期为12个月", ()),
    ("figure", "包裹预计明天送达", ()),
    ("figure", "退货需在7天内申请", ()),
    ("figure", "我们的服务时间是早上9点到下午6点", ()),
    ("figure", "The battery lasts about 8 hours.", ()),
    ("figure", "Delivery usually takes 3 business days.", ()),
    ("figure", "明天上午师傅上门安装", ()),
    ("figure", "订单会在24小时内发货", ()),
    ("figure", "我们会在72小时内完成处理", ()),
    ("figure", "24小时内安排师傅上门", ()),
    ("figure", "会在3个工作日内完成退款，届时短信通知您", ()),
    # -- quotes -----------------------------------------------------------------------------
    ("quote", "您说之前客服“承诺2小时内回电”却没有打来，非常抱歉", ()),
    ("quote", "关于您提到的“明天给您答复”，我来跟进", ()),
    ("quote", "You said the agent promised \"we'll call you back within an hour\", sorry.", ()),
    ("quote", "您反映“3个工作日内回复”没兑现，我们已记录", ()),
    # -- done, or will not ------------------------------------------------------------------
    ("done", "已在2小时内回电", ()),
    ("done", "刚才已经给您回电了", ()),
    ("done", "今天无法给您答复，抱歉", ()),
    ("done", "I already called you back this morning.", ()),
    ("done", "We replied within 2 hours yesterday.", ()),
    ("done", "昨天已经答复您了", ()),
    ("done", "很抱歉，明天不能给您回电", ()),
    ("done", "I can't call you back today.", ()),
    ("done", "已于11月10日回复您", ()),
    # -- neutral ----------------------------------------------------------------------------
    ("neutral", "您好，这里是客服中心，很高兴为您服务", ()),
    ("neutral", "请问还有其他问题吗？", ()),
    ("neutral", "感谢您的耐心等待", ()),
    ("neutral", "已为您备注优先发货", ()),
    ("neutral", "好的，祝您生活愉快", ()),
    ("neutral", "Your refund has been processed.", ()),
    ("neutral", "Thank you for contacting us!", ()),
    ("neutral", "这个问题已经反馈给技术部门了", ()),
    ("neutral", "给您带来不便非常抱歉", ()),
    ("neutral", "您的回复我们已经收到", ()),
    # -- the first held-out round (bench/RESULTS.md), since used to fix the reader --------
    ("promise", "您的反馈已收到，我们会在两个工作日内给您回电", ("2025-11-14 18:00",)),
    ("promise", "好的亲，下午两点前回复您", ("2025-11-12 14:00",)),
    ("promise", "技术部门排查后，明天中午给您答复", ("2025-11-13 12:00",)),
    ("promise", "我记下了，今天5点前给您打电话", ("2025-11-12 17:00",)),
    ("promise", "这个需要跟财务确认，预计2-3个工作日回复您", ("2025-11-17 18:00",)),
    ("promise", "主管会在1小时内与您联系", ("2025-11-12 11:00",)),
    ("promise", "后天上午之前一定答复您", ("2025-11-14 12:00",)),
    ("promise", "我们24小时内反馈给您", ("2025-11-13 10:00",)),
    ("promise", "处理完后3天内回访您", ("2025-11-16 00:00",)),
    ("promise", "我这边下班之前给您回个话", ("2025-11-12 18:00",)),
    ("promise-en", "I will reply within 2 hours.", ("2025-11-12 12:00",)),
    ("promise-en", "We'll call you back tomorrow afternoon.", ("2025-11-13 18:00",)),
    ("promise-en", "I'll send you an update within 24 hours.", ("2025-11-13 10:00",)),
    ("promise-en", "We will get back to you on Monday.", ("2025-11-18 00:00",)),
    ("promise-en", "A specialist will contact you within 1 business day.",
     ("2025-11-13 18:00",)),
    ("vague", "我们稍后联系您", ("vague",)),
    ("vague", "We'll get back to you soon.", ("vague",)),
    ("vague", "有结果了马上通知您", ("vague",)),
    ("conditional", "如果今天下午还没恢复，我们5点前给您回电", ()),
    ("conditional", "若明天仍未发货，我们会主动联系您", ()),
    ("conditional", "In case we can't fix it today, we'll call you tomorrow.", ()),
    ("customer", "请您2小时内回复验证码", ()),
    ("customer", "您看明天上午能否给我们回个电话", ()),
    ("customer", "Please get back to us within 3 days.", ()),
    ("third-party", "保险公司会在5个工作日内联系您理赔", ()),
    ("third-party", "售后网点师傅会在24小时内给您打电话预约", ()),
    ("third-party", "The carrier will email you within 24 hours.", ()),
    ("third-party", "退款预计1-7个工作日退回您的支付账户", ()),
    ("figure", "这款耳机待机时间约200小时", ()),
    ("figure", "活动截止到明天下午6点", ()),
    ("figure", "我们的客服热线24小时有人接听", ()),
    ("figure", "Returns are accepted within 30 days.", ()),
    ("quote", "您说的“明天一定给您回电”是哪位同事说的？", ()),
    ("quote", "客服说“两小时内回复”结果没回，对吗？", ()),
    ("done", "上午已经电话联系过您了", ()),
    ("done", "I already replied to your email an hour ago.", ()),
    ("done", "抱歉，今天没法给您答复", ()),
    ("neutral", "您的订单已发货，请注意查收", ()),
    ("neutral", "Is there anything else I can help with?", ()),
    ("neutral", "麻烦您提供一下订单号", ()),
]

#: Written after the reader and the lines above were frozen, in other words,
#: and not used to change the reader: what it does on lines nobody tuned it to.
#: Written after the reader was frozen (a second round: the first is in LINES
#: above, since used to fix it), in other words, and not used to change the
#: reader: what it does on lines nobody tuned it to.
HELDOUT: list[tuple[str, str, tuple[str, ...]]] = [
    ("promise", "您好，已经帮您提交加急，我们4小时内回复", ("2025-11-12 14:00",)),
    ("promise", "明天下午三点前联系您确认安装时间", ("2025-11-13 15:00",)),
    ("promise", "我这边先记录，1个工作日内电话联系您", ("2025-11-13 18:00",)),
    ("promise", "今天之内给您答复，您看可以吗", ("2025-11-13 00:00",)),
    ("promise", "大概半个小时后给您回电", ("2025-11-12 10:30",)),
    ("promise", "十二小时内会有客服主管联系您", ("2025-11-12 22:00",)),
    ("promise", "下周二之前给您反馈结果", ("2025-11-19 00:00",)),
    ("promise-en", "I'll get back to you within three business days.", ("2025-11-17 18:00",)),
    ("promise-en", "We will call you back by 4:30 pm today.", ("2025-11-12 16:30",)),
    ("promise-en", "Our supervisor will contact you tomorrow.", ("2025-11-14 00:00",)),
    ("vague", "有进展我们会及时通知您", ("vague",)),
    ("vague", "I'll get back to you later today.", ("2025-11-13 00:00",)),
    ("conditional", "要是明天上午还打不开，我们下午给您回电", ()),
    ("conditional", "If you prefer, we can call you back within the hour.", ()),
    ("customer", "请您明天上午9点前回复我们", ()),
    ("customer", "You may reply within 14 days to dispute the charge.", ()),
    ("third-party", "快递公司会在3天内联系您上门取件", ()),
    ("third-party", "银行审核通过后会在2个工作日内短信通知您", ()),
    ("third-party", "The manufacturer will reply within 5 business days.", ()),
    ("figure", "退款申请需在签收后7天内提交", ()),
    ("figure", "本次维修预计需要3个工作日", ()),
    ("figure", "Our office hours are 9am to 6pm.", ()),
    ("quote", "您说“24小时内回复”没做到，非常抱歉", ()),
    ("done", "我们已经在10分钟内回复您了", ()),
    ("done", "We couldn't reply within 24 hours, sorry about that.", ()),
    ("neutral", "已为您申请补发", ()),
    ("neutral", "很高兴能帮到您", ()),
    ("neutral", "We have received your request.", ()),
]

def deadlines(lines: list[str]) -> list[list[str]]:
    """The deadlines the rule's reading finds in each line (``vague`` for no time)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import polars as pl

    from svccheck.calendar import BusinessCalendar
    from svccheck.plugins import load_plugins
    from svccheck.rules.conversation import normalised
    from svccheck.rules.promises import read_frame, with_deadline
    from svccheck.standards import load_standard

    standard = load_standard("cn-baseline", load_plugins().standard_dirs)
    calendar = BusinessCalendar.from_config(standard.calendar)
    zone = calendar.timezone
    sent = datetime.fromisoformat(SENT).replace(tzinfo=ZoneInfo(zone))
    frame = pl.DataFrame({"line": list(range(len(lines))), "text": lines}).with_columns(
        normalised(pl.col("text")).alias("norm"),
        pl.lit(sent).cast(pl.Datetime("us", zone)).alias("_at"))
    found = frame.lazy().join(read_frame(frame["norm"].unique().to_list()).lazy(), on="norm")
    found = with_deadline(found, calendar, zone).sort("line", "_nth_promise").collect()
    out: list[list[str]] = [[] for _ in lines]
    for line, kind, due in found.select("line", "_kind", "_due").iter_rows():
        out[line].append(V if kind == "vague" or due is None else due.strftime("%Y-%m-%d %H:%M"))
    return out


def evaluate(lines: list[tuple[str, str, tuple[str, ...]]] = LINES
             ) -> tuple[Score, dict[str, Score], list[tuple[str, tuple, list]]]:
    """Overall and per-group scores, and the lines the reader got wrong."""
    found = deadlines([text for _, text, _ in lines])
    return score_items(lines, found)


GROUPS = ("promise", "promise-en", "vague", "conditional", "customer", "third-party", "figure",
          "quote", "done", "neutral")


def report(title: str, lines: list[tuple[str, str, tuple[str, ...]]]) -> None:
    total, groups, wrong = evaluate(lines)
    print(f"{title}: {len(lines)} agent lines, {total.tp + total.fn} promises: "
          f"precision {total.precision:.4f}, recall {total.recall:.4f}\n")
    print_groups(lines, groups, order=GROUPS)
    if wrong:
        print("\n| line | expected | found |\n|---|---|---|")
        for text, expected, got in wrong:
            print(f"| {text} | {', '.join(expected) or '-'} | {', '.join(got) or '-'} |")
    print()


def main() -> int:
    report("Labelled set", LINES)
    if HELDOUT:
        report("Held out", HELDOUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
