"""The ``response.*`` family: was the customer answered, kept informed and served in time?

The seeds' commitments are about time: "工作时间X小时内/非工作时间Y小时内予以初步
响应" (000 二.二 1), "紧急问题...Z小时内给出解决方案或明确处理时间表" (000 二.二 2),
"需24小时内反馈处理进度" (004 二.3), "在线消息10秒内响应 / 电话铃响三声内" (002
2.1). Every rule measures elapsed time on the clock the standard names --
working time on the standard's business calendar, or calendar time -- and a
breach is *elapsed > target*, counted to the second.

The rules live in modules named for what they judge, so each stays small
enough to read whole; this module is the family's plugin and lists them:

* :mod:`~svccheck.rules.first_reply` -- the first answer (X, and Y off hours);
* :mod:`~svccheck.rules.resolution` -- the promised time, the urgent
  promise (Z) and a category's processing time;
* :mod:`~svccheck.rules.progress` -- progress after a hand-off and between
  updates;
* :mod:`~svccheck.rules.live_answer` -- live chat and phone contacts.

Shared pieces: :mod:`~svccheck.rules.timing` (targets, clocks, deadlines),
:mod:`~svccheck.rules.pauses` (time waiting on the customer),
:mod:`~svccheck.rules.timeline` (the events) and
:mod:`~svccheck.rules.skips` (why a ticket could not be judged).
"""

from __future__ import annotations

from svccheck.hookspecs import hookimpl
from svccheck.rule import Rule
from svccheck.rules.first_reply import first_reply, first_reply_off_hours
from svccheck.rules.live_answer import live_answer
from svccheck.rules.progress import handoff_feedback, progress_update
from svccheck.rules.resolution import resolution_due, resolution_time, urgent_resolution

RULES: list[Rule] = [
    first_reply, first_reply_off_hours, resolution_due, urgent_resolution, resolution_time,
    handoff_feedback, progress_update, live_answer,
]


@hookimpl
def svccheck_rules() -> list[Rule]:
    return RULES
