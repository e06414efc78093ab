"""``svccheck check`` (and ``svccheck demo``): audit exports against a standard.

The order matters and is the point of this module: every argument, file and
output is checked before the (possibly long) read; reports, baseline and
history are written only once the run has succeeded.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from svccheck.calendar import BusinessCalendar
from svccheck.cli.common import (
    ALWAYS_ON,
    DEFAULT_STANDARD,
    DEFAULT_TIMEZONE,
    registry_for,
    split_list,
)
from svccheck.config import Config, load_config
from svccheck.engines.choice import checked
from svccheck.engines.contract import RunOptions
from svccheck.engines.findings_frame import counts, held
from svccheck.errors import ConfigError, SvccheckError
from svccheck.history import TREND_RUNS, HistoryStore, run_record
from svccheck.io.base import DEFAULT_MAX_CELL_BYTES, ReadOptions
from svccheck.io.database import DatabaseSource, is_database_uri, sqlite_path
from svccheck.io.inputs import expand_inputs
from svccheck.io.load import resolve_profile
from svccheck.io.profiles import load_profiles
from svccheck.io.stdin import stdin_inputs
from svccheck.io.timestamps import EARLIEST_YEAR, LATEST_YEAR
from svccheck.outputs import Staged, check_outputs
from svccheck.pii.paths import redact_path
from svccheck.plugins import Registry
from svccheck.report import outputs
from svccheck.report.base import Report, Triage, add_context, empty_findings
from svccheck.report.baseline import (
    baseline_text,
    fixed_since,
    load_baseline_entries,
    split_baselined,
)
from svccheck.report.figures import measure as measure_figures
from svccheck.report.file_names import mask_sources, shown_names
from svccheck.report.gate import FAIL_ON_CHOICES, exit_code, judge, parse_max_findings
from svccheck.report.html import DEFAULT_MAX_PER_RULE as DEFAULT_HTML_MAX_PER_RULE
from svccheck.report.progress import Progress
from svccheck.report.require import required, split, uncovered
from svccheck.report.rows import files_of, renumbered
from svccheck.report.ticket_ids import mask_ticket_ids
from svccheck.report.verbose import VerboseLog, chain
from svccheck.report.waivers import apply_waivers, load_waivers
from svccheck.rule_patterns import check_patterns, rule_matches
from svccheck.standards import ActiveRule, load_standard, resolve_rules, with_defaults


def check_command(args: argparse.Namespace) -> int:
    """``svccheck check``: files (``-`` is standard input) and database URIs."""
    files = [Path(p) for p in args.paths if not is_database_uri(p)]
    with stdin_inputs(files, args.stdin_filename) as (files, names):
        return cmd_check(args, files, names or None,
                         uris=[p for p in args.paths if is_database_uri(p)])


def _as_of(text: str | None, tz: str) -> datetime:
    zone = ZoneInfo(tz)
    if text is None:
        return datetime.now(zone).replace(microsecond=0)
    cleaned = text.strip().replace("/", "-")
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError:
        raise SvccheckError(
            f"--as-of {text!r}: not a time (use e.g. 2025-11-30 or 2025-11-30 18:00)"
        ) from None
    # the same years a ticket's times may have: deadlines are computed from both
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise SvccheckError(
            f"--as-of {text!r}: outside the years {EARLIEST_YEAR} to {LATEST_YEAR}"
        )
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def _zone(name: str, option: str) -> str:
    """A time zone the user named, checked before any file is read."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SvccheckError(f"{option} {name!r}: not a known time zone (an IANA name such as "
                            "Asia/Shanghai or Europe/Berlin)") from None
    return name


def _today(tz: str) -> date:
    """Today in the standard's time zone: the day waivers expire by."""
    return datetime.now(ZoneInfo(tz)).date()


def _active(args: argparse.Namespace, config: Config, registry: Registry,
            standard_rules: list[ActiveRule]) -> list[ActiveRule]:
    select = split_list(args.select) or list(config.get("select", []))
    ignore = split_list(args.ignore) or list(config.get("ignore", []))
    check_patterns(select, registry.rules, "--select")
    check_patterns(ignore, registry.rules, "--ignore")
    active = list(standard_rules)
    present = {a.rule.id for a in active}
    for rule_id in ALWAYS_ON:  # never drop unreadable rows silently
        if rule_id not in present and rule_id in registry.rules:
            active.insert(0, with_defaults(registry.rules[rule_id], "--select"))
    # A selected rule the standard leaves out runs with its defaults (as ruff
    # does): named alone, or with its family.
    for pattern in select:
        if pattern in registry.rules:
            if pattern not in present:
                active.append(with_defaults(registry.rules[pattern], "--select"))
                present.add(pattern)
            continue
        for rule_id in sorted(registry.rules):
            if rule_id not in present and rule_matches(rule_id, [pattern]):
                active.append(with_defaults(registry.rules[rule_id], "--select", strict=False))
                present.add(rule_id)
    if select:
        active = [a for a in active if rule_matches(a.rule.id, select)
                  or a.rule.id in ALWAYS_ON]
    return [a for a in active
            if a.rule.id in ALWAYS_ON or not rule_matches(a.rule.id, ignore)]


def _databases(args: argparse.Namespace, uris: Sequence[str]) -> list[DatabaseSource]:
    """The database inputs of a run: URIs given, or the one in ``--dsn-env``."""
    uris = list(uris)
    env = getattr(args, "dsn_env", None)
    if env:
        value = os.environ.get(env, "").strip()
        if not is_database_uri(value):
            raise SvccheckError(f"--dsn-env {env}: the variable is unset or not a "
                                "postgresql://, mysql:// or sqlite:/// URI")
        uris.append(value)
    options = ("table", "query", "events_table", "events_query")
    given = {o: getattr(args, o, None) for o in options}
    if not uris:
        named = [f"--{o.replace('_', '-')}" for o, v in given.items() if v]
        if named:
            raise SvccheckError(f"{', '.join(named)}: only for a database input "
                                "(postgresql://..., mysql://... or sqlite:///...)")
        return []
    sources = [DatabaseSource(uri, **given) for uri in uris]
    for source in sources:  # the SQL is checked before connecting
        source.ticket_sql()
        source.event_sql()
    return sources


def cmd_check(args: argparse.Namespace, paths: list[Path],
              names: dict[Path, str] | None = None, uris: Sequence[str] = ()) -> int:
    databases = _databases(args, uris)
    if not paths and not databases:
        raise SvccheckError("check: give at least one export file or database URI")
    config = load_config(args.config)
    registry = registry_for(args, config)
    lang = args.lang or config.get("lang", "en")
    standard = load_standard(args.standard or config.get("standard", DEFAULT_STANDARD),
                             registry.standard_dirs)
    tz = standard.calendar.get("timezone", DEFAULT_TIMEZONE)
    active = _active(args, config, registry, resolve_rules(standard, registry.rules))
    must_cover = required(split([*standard.require, *config.get("require", []), *args.require]),
                          active, registry.rules)
    planned = _planned_outputs(args, config, registry)
    fail_on = args.fail_on or config.get("fail_on", "error")
    if fail_on not in FAIL_ON_CHOICES:
        raise ConfigError(f"fail_on {fail_on!r}: must be one of {', '.join(FAIL_ON_CHOICES)}")
    max_findings = parse_max_findings(args.max_findings)
    if args.baseline and args.update_baseline and args.baseline != args.update_baseline:
        raise SvccheckError(
            "--baseline and --update-baseline name different files; --update-baseline FILE "
            "writes FILE and reports against it"
        )
    # a folder is every export file under it (a helpdesk export: pages, comments, users)
    paths = expand_inputs(paths, registry.readers)
    events = expand_inputs(args.events, registry.readers)
    # Every file the run reads or writes is checked before the (possibly long) read.
    history_db = args.history or config.get("history")
    check_outputs([*paths, *events], [*(o.path for o, _ in planned), args.update_baseline],
                  history=HistoryStore(history_db).path if history_db else None,
                  databases=[sqlite_path(d.uri) for d in databases if d.engine == "sqlite"])
    max_cell_bytes = (args.max_cell_bytes if args.max_cell_bytes is not None
                      else config.get("max_cell_bytes", DEFAULT_MAX_CELL_BYTES))
    if max_cell_bytes < 1:
        raise SvccheckError(f"--max-cell-bytes {max_cell_bytes}: must be at least 1")
    waivers = load_waivers(args.waivers, registry.rules) if args.waivers else []
    entries = (load_baseline_entries(args.baseline)
               if args.baseline and not args.update_baseline else None)
    fingerprints = frozenset(e["fingerprint"] for e in entries) if entries is not None else None
    as_of = _as_of(args.as_of, tz)
    input_tz = _zone(args.input_tz, "--input-tz") if args.input_tz else None
    profiles = load_profiles(registry.profile_files)
    profile = resolve_profile(args.profile or config.get("profile"), profiles)
    progress = Progress.for_run([*paths, *events], quiet=args.quiet, rules=len(active))
    verbose = VerboseLog(names=names) if args.verbose else None
    calendar = BusinessCalendar.from_config(standard.calendar, f"{standard.path}: calendar")
    run_options = RunOptions(
        lang=lang, as_of=as_of, calendar=calendar, keep_going=args.keep_going,
        on_rule=chain(progress.rule if progress.enabled else None, verbose and verbose.rule),
        on_part=progress.part if progress.enabled else None,
        on_engine=verbose and verbose.engine,
    )
    engine = args.engine or config.get("engine", "auto")
    # the config's scheduler goes with the dask engine only: a run that asks
    # for another engine on the command line is not refused for it
    scheduler = args.scheduler or (config.get("scheduler") if engine == "dask" else None)
    with ExitStack() as stack:
        try:
            done = stack.enter_context(checked(
                engine, paths, active, timezone=tz,
                run_options=run_options, parts=args.parts, jobs=args.jobs,
                scheduler=scheduler,
                readers=registry.readers, profiles=profiles, profile=profile,
                options=ReadOptions(sheet=args.sheet, encoding=args.encoding,
                                    max_cell_bytes=max_cell_bytes),
                event_paths=events, names=names,
                # Always ours, even when silent: the reader's own TTY line would
                # otherwise break --quiet and small runs on a terminal.
                progress=chain(progress.reading, verbose and verbose.reading),
                databases=databases, input_tz=input_tz,
            ))
        finally:
            progress.done()
        result = done.result
        if not all(getattr(r, "streams_findings", False) for _, r in planned):
            # a report built whole holds its findings anyway: read them once
            result.findings = held(result.findings)
        if verbose is not None:
            verbose.finish(
                counts(result.findings, "rule"),
                {o.rule.id: o.reason or "" for o in result.outcomes if not o.evaluated},
                result.part_seconds,
            )

        # findings on disk are joined to their context once, a slice at a time,
        # into a scratch directory that every later count and the report read
        scratch = (Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="svccheck-")))
                   if isinstance(result.findings, pl.LazyFrame) else None)
        # baseline, history and report are written only once the run has
        # succeeded, when this block is left without an error (svccheck.outputs)
        staged = stack.enter_context(Staged())
        findings = add_context(result.findings, done.tickets, scratch)
        # the row a spreadsheet shows and the file's line, in every format
        findings = renumbered(findings, done.inputs, files_of([*paths, *events], names))
        # A waiver expires by the calendar, not by --as-of: re-auditing an old
        # export must not revive a waiver that has run out. The day is the
        # standard's, like every other date of the run.
        current, waived, uses = apply_waivers(findings, waivers, _today(tz))
        # from here on ids are shown: a mobile- or ID-shaped one masked (its
        # fingerprint and the waivers above used the real id)
        current, waived = mask_ticket_ids(current), mask_ticket_ids(waived)
        # ... and file names too: the reports and the history take them from here
        names_shown = shown_names(i.path for i in done.inputs)
        current, waived = mask_sources(current, names_shown), mask_sources(waived, names_shown)
        for item in done.inputs:
            item.path = names_shown.get(item.path, item.path)
        baseline_path = args.update_baseline or args.baseline
        if args.update_baseline:
            staged.write(baseline_text(current, standard.id), args.update_baseline,
                         "the baseline")
            fingerprints = frozenset(
                held(current.lazy().select("fingerprint")).to_series().to_list())
        if fingerprints is not None:
            current, baselined = split_baselined(current, fingerprints)
        else:
            baselined = empty_findings()
        fixed = (fixed_since(entries, findings, {o.rule.id for o in result.outcomes
                                                 if o.evaluated})
                 if entries is not None else [])
        # A run never passes after rows it could not read, whatever --fail-on says;
        # nor when a rule it requires judged nothing or only part of its scope.
        verdict = judge(counts(current, "severity"), fail_on, max_findings,
                        unreadable_rows=done.problems.height,
                        uncovered=uncovered(must_cover, result.outcomes,
                                            counts(current, "rule"), lang))
        max_rows = args.max_rows if args.max_rows is not None else config.get("max_rows", 50)
        warnings = [*result.warnings,
                    *(m for u in uses if u.status == "expired" and (m := u.message(lang)))]
        history_db = args.history or config.history()
        figures = measure_figures(
            active=active, rules=registry.rules, result=result, rerun=done.rerun,
            tickets=done.every_ticket, inputs=done.inputs, findings=current,
            formats=[o.format for o, _ in planned], lang=lang, history=bool(history_db))
        history = None
        if history_db:
            recorded = stack.enter_context(HistoryStore(history_db).recording(run_record(
                standard=standard, inputs=[i.path for i in done.inputs], result=result,
                failed=verdict.failed, as_of=as_of, kpis=figures.kpi_values,
                agents=figures.history_agents())))
            history = recorded(standard.id, limit=TREND_RUNS)
        report = Report(
            standard=standard, inputs=done.inputs, result=result, fail_on=fail_on,
            failed=verdict.failed, as_of=as_of, lang=lang, max_rows=max_rows or None,
            warnings=warnings,
            triage=Triage(
                active=current, waived=waived, baselined=baselined, waivers=uses,
                waivers_path=redact_path(str(args.waivers)) if args.waivers else None,
                baseline_path=redact_path(str(baseline_path)) if baseline_path else None,
                fixed=fixed,
            ),
            verdict=verdict, max_findings=max_findings,
            clauses={a.rule.id: a.clause for a in active},
            history=history, project_root=getattr(args, "project_root", None),
            kpis=figures.kpis, rates=figures.rates, words=figures.words,
            scorecard=figures.scorecard(current, history),
            html_max_per_rule=_html_max_per_rule(args, config),
        )
        _write_reports(report, planned, getattr(args, "color", None) or "auto", staged)
        return exit_code(verdict.failed)


def _html_max_per_rule(args: argparse.Namespace, config: Config) -> int | None:
    """``--html-max-per-rule`` (or ``html_max_per_rule`` in the config); 0 = no cap."""
    value = getattr(args, "html_max_per_rule", None)
    if value is None:
        value = config.get("html_max_per_rule", DEFAULT_HTML_MAX_PER_RULE)
    if value < 0:
        raise SvccheckError(f"--html-max-per-rule {value}: must be 0 (no cap) or more")
    return value or None


def _planned_outputs(args: argparse.Namespace, config: Config,
                     registry: Registry) -> list[tuple[outputs.Output, Any]]:
    """Each report of the run (``--format``/``--output``, ``--report``) with its reporter."""
    planned = []
    for item in outputs.plan_outputs(args.format, args.output, getattr(args, "report", []),
                                     config.get("format", "text")):
        reporter = registry.reporters.get(item.format)
        if reporter is None:
            raise SvccheckError(
                f"{item.origin} {item.format!r}: unknown format "
                f"(known: {', '.join(sorted(registry.reporters))})")
        planned.append((item, reporter))
    return planned


def _write_reports(report: Report, planned: Sequence[tuple[outputs.Output, Any]],
                   color: str, staged: Staged) -> None:
    """Render every report of the run from the one ``report`` and stage it.

    Staged reports are written when the run has succeeded (svccheck.outputs);
    the one for stdout is drawn last, so it keeps its own colour setting.
    """
    for item, reporter in sorted(planned, key=lambda entry: entry[0].path is None):
        report.color = outputs.use_color(color, item.path)
        # a reporter that can give its text piece by piece (JSON Lines, CSV) is
        # written so: a million findings' text is never held at once
        chunks = getattr(reporter, "chunks", None)
        staged.write(chunks(report) if chunks is not None else reporter.render(report),
                     item.path)
