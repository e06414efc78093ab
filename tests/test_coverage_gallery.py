"""The gallery: every shipped rule, given nothing to judge, says so -- never "passed".

Two exports leave every rule nothing to judge, each in its own way:

* **no tickets** -- every canonical column and every event column is there,
  but the export holds no row: a rule has its data and nothing in scope;
* **no fields** -- tickets, but only their ids: a rule lacks what it reads
  (every rule but the two whose job is the rows as they are).

Each shipped rule runs on both (with the parameters its shipped standard
gives, or with its defaults), and must report ``not_evaluated`` with a
reason. A rule added later is in the gallery automatically: the list comes
from the registry. The rule-specific traps -- tickets there, but none the
rule can judge (unmapped priorities, messages without roles) -- are in
tests/test_coverage_traps.py and each family's coverage tests.
"""

from __future__ import annotations

import pytest

from svccheck import docgen
from svccheck.model import EVENT_FIELDS, TICKET_FIELDS
from svccheck.standards import available_standards, load_standard

REGISTRY = docgen.builtin_registry()
SHIPPED = sorted(REGISTRY.rules)
AS_OF = ("--as-of", "2025-11-30 18:00")


def _standard_of(rule_id: str) -> str | None:
    """A shipped standard that enables the rule (it gives parameters some rules need)."""
    for ref, path in sorted(available_standards(REGISTRY.standard_dirs).items()):
        standard = load_standard(str(path), REGISTRY.standard_dirs)
        setting = standard.rules.get(rule_id)
        if setting is not None and setting.enabled:
            return ref
    return None


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    root = tmp_path_factory.mktemp("gallery")
    empty = root / "no-tickets.csv"
    empty.write_text(",".join(TICKET_FIELDS) + "\n", encoding="utf-8")
    events = root / "no-events.csv"
    events.write_text(",".join(EVENT_FIELDS) + "\n", encoding="utf-8")
    bare = root / "no-fields.csv"
    bare.write_text("id\nT-1\nT-2\n", encoding="utf-8")
    return {"no tickets": (empty, "--events", events), "no fields": (bare,)}


def test_the_gallery_holds_every_shipped_rule():
    families = {rule.split(".", 1)[0] for rule in SHIPPED}
    assert families >= {"record", "response", "greeting", "conduct", "privacy", "revisit",
                        "escalation", "kpi"}
    assert len(SHIPPED) >= 30
    assert set(ROW_RULES) <= set(SHIPPED)


#: Rules whose job is the rows as they are: an id-only export is theirs to judge
#: (every row readable; every required field missing).
ROW_RULES = ("record.readable-row", "record.required-fields")
CASES = [(rule, "no tickets") for rule in SHIPPED] + [
    (rule, "no fields") for rule in SHIPPED if rule not in ROW_RULES]


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_a_rule_with_nothing_to_judge_is_not_evaluated_with_a_reason(svccheck, exports,
                                                                     rule, case):
    standard = _standard_of(rule)
    argv = [*exports[case], "--profile", "generic", *AS_OF, "--format", "json",
            "--select", rule]
    if standard is not None:
        argv += ["--standard", standard]
    run = svccheck("check", *argv)
    assert run.code in (0, 1), run.err
    line = next(r for r in run.report["summary"]["rules"] if r["rule"] == rule)
    # a rule may report the export as a whole (a required column it lacks);
    # what it may never do is pass, or pass in part, having judged nothing
    assert line["status"] in ("not_evaluated", "failed"), line
    assert line["checked"] == 0, line
    if line["status"] == "not_evaluated":
        assert line["reason"], line
    else:
        assert all(v["ticket"] is None for v in run.findings(rule)), run.findings(rule)
