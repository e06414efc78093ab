"""``svccheck history``: the audits recorded with ``--history`` (counts and KPIs only)."""

from __future__ import annotations

import argparse
import json
import textwrap

from tabulate import tabulate

from svccheck.config import load_config
from svccheck.history import DEFAULT_HISTORY, HistoryStore


def cmd_history(args: argparse.Namespace) -> int:
    config = load_config(getattr(args, "config", None))
    store = HistoryStore(args.history or config.history() or DEFAULT_HISTORY)
    runs = store.runs(args.standard)
    if args.format == "json":
        print(json.dumps([{
            "id": r.id, "recorded_at": r.recorded_at.isoformat(), "as_of": r.as_of.isoformat(),
            "standard": r.standard, "standard_version": r.standard_version, "inputs": r.inputs,
            "tickets": r.tickets, "findings": r.findings, "failed": r.failed,
            "rules": {k: {"evaluated": c.evaluated, "failed": c.failed, "findings": c.findings}
                      for k, c in sorted(r.rules.items())},
            "kpis": dict(sorted(r.kpis.items())),
        } for r in runs], ensure_ascii=False, indent=2))
        return 0
    if not runs:
        print(f"no runs recorded in {store.label}")
        return 0
    rows = [[r.id, r.recorded_at.strftime("%Y-%m-%d %H:%M"), r.as_of.strftime("%Y-%m-%d"),
             f"{r.standard} {r.standard_version}", r.tickets, r.findings,
             "fail" if r.failed else "pass",
             ", ".join(f"{k.removeprefix('kpi.')} {_kpi_text(v)}"
                       for k, v in sorted(r.kpis.items())) or "-",
             textwrap.shorten(", ".join(r.inputs), 60)]
            for r in runs]
    print(tabulate(rows, headers=["run", "recorded (UTC)", "as of", "standard", "tickets",
                                  "findings", "gate", "kpis", "inputs"], tablefmt="simple"))
    return 0


def _kpi_text(value: float) -> str:
    return f"{value * 100:.1f}%" if 0 <= value <= 1 else f"{value:.2f}"
