"""The ``svccheck`` command line.

Every command loads plugins first (built-ins, entry points, ``-p``, the
plugins directory), so ``rules``/``explain`` show exactly what ``check``
would run. Any :class:`~svccheck.errors.SvccheckError` becomes one line on
stderr and exit code 2 -- a user never sees a traceback for their own input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import textwrap
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
from tabulate import tabulate

from svccheck import __version__, explain, scaffold
from svccheck.calendar import BusinessCalendar
from svccheck.config import Config, load_config
from svccheck.engine import check_patterns, rule_matches
from svccheck.engines import ENGINES, RunOptions, checked
from svccheck.errors import ConfigError, SvccheckError
from svccheck.frames import counts, held
from svccheck.history import DEFAULT_HISTORY, TREND_RUNS, HistoryStore, run_record
from svccheck.io.base import DEFAULT_MAX_CELL_BYTES, ReadOptions
from svccheck.io.database import DatabaseSource, is_database_uri, sqlite_path
from svccheck.io.inputs import expand_inputs
from svccheck.io.load import resolve_profile
from svccheck.io.profile_files import render_profile
from svccheck.io.profile_init import starter_profile
from svccheck.io.profiles import load_profiles
from svccheck.io.stdin import stdin_inputs
from svccheck.io.timestamps import EARLIEST_YEAR, LATEST_YEAR
from svccheck.outputs import Staged, check_outputs
from svccheck.pii.paths import redact_path
from svccheck.plugins import Registry, load_plugins
from svccheck.report import outputs
from svccheck.report.base import Report, Triage, add_context, empty_findings
from svccheck.report.baseline import (
    baseline_text,
    fixed_since,
    load_baseline_entries,
    split_baselined,
)
from svccheck.report.control_chars import neutral
from svccheck.report.figures import measure as measure_figures
from svccheck.report.file_names import mask_sources, shown_names
from svccheck.report.gate import (
    EXIT_UNTRUSTED,
    FAIL_ON_CHOICES,
    exit_code,
    judge,
    parse_max_findings,
)
from svccheck.report.html import DEFAULT_MAX_PER_RULE as DEFAULT_HTML_MAX_PER_RULE
from svccheck.report.progress import Progress
from svccheck.report.require import required, split, uncovered
from svccheck.report.rows import files_of, renumbered
from svccheck.report.ticket_ids import mask_ticket_ids
from svccheck.report.verbose import VerboseLog, chain
from svccheck.report.waivers import apply_waivers, load_waivers
from svccheck.schemas import SCHEMA_NAMES, load_schema
from svccheck.standards import (
    ActiveRule,
    available_standards,
    load_standard,
    resolve_rules,
    with_defaults,
)
from svccheck.standards_view import load_view, render_json, render_text
from svccheck.termination import Terminated, signals_unwind

DEFAULT_STANDARD = "cn-baseline"
DEFAULT_TIMEZONE = "UTC"
SAMPLE = "sample-response-record.csv"
#: Exit code after Ctrl-C, as shells report a process ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130
#: Rules that run in every audit, whatever the standard, --select or --ignore say:
#: rows the readers could not parse are never dropped silently.
ALWAYS_ON = ("record.readable-row",)

EPILOG = """\
examples:
  svccheck demo                                   audit the bundled sample export
  svccheck check tickets.csv                      cn-baseline, profile detected from the headers
  svccheck check 2025-10.csv 2025-11.csv --format json --output report.json
  svccheck check tickets.jsonl --profile generic --standard my-standard.yaml
  svccheck check tickets.xlsx --sheet 工单 --select record --fail-on warning
  svccheck check zendesk-export/ --profile zendesk   a helpdesk's export: every file in the folder
  svccheck check tickets.csv --require response,privacy   fail when these rules skipped tickets
  svccheck profiles init tickets.csv -o my-profile.yaml   a starter profile for an export
  svccheck check tickets.csv --format html -o report.html   a report for QA leads
  svccheck check tickets.csv -f markdown --report sarif:out.sarif   two reports, one audit
  svccheck check tickets.csv --format scorecard -o agents.csv   the agent scorecard (CSV)
  svccheck check tickets.csv --update-baseline baseline.json   accept today's findings
  svccheck check tickets.csv --baseline baseline.json --waivers waivers.yaml
  svccheck check postgresql://qa@db/helpdesk --table tickets --events-table messages
  svccheck check sqlite:///helpdesk.db --query "SELECT * FROM tickets WHERE status = 'closed'"
  svccheck check mysql://qa@db/helpdesk --table tickets   MySQL or MariaDB (svccheck[mysql])
  svccheck check tickets.csv --history audits.db --format html -o report.html   with trend charts
  svccheck history --history audits.db           the recorded runs
  svccheck rules                                  list the loaded rules
  svccheck explain record.time-order              a rule's documentation and parameters
  svccheck explain response                       the rules of a family
  svccheck plugin new acme-bank                   start a plugin package of your own rules
  svccheck standards show ecommerce               a standard's rules after extends, with clauses

exit codes: 0 no finding at or above --fail-on, 1 at least one (or an
            unreadable row, or a --require rule that judged nothing or only
            part of its scope), 2 the run could not be trusted (bad arguments, unreadable input,
            invalid standard or profile, a plugin that failed to load)
"""


def _plugin_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("plugins and configuration")
    group.add_argument("-p", "--plugin", dest="plugins", action="append", default=[],
                       metavar="MODULE", help="load a plugin module (repeatable)")
    group.add_argument("--plugins-dir", type=Path, metavar="DIR",
                       help="load every plugin module in DIR (also: plugins_dir in config)")
    group.add_argument("--config", type=Path, metavar="FILE",
                       help="config file (default: svccheck.yaml or [tool.svccheck] in "
                            "pyproject.toml in the working directory)")
    group.add_argument("--lang", choices=("zh", "en"), help="language of messages (default en)")


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--standard", "-s", metavar="ID|FILE",
                        help=f"standard to audit against (default {DEFAULT_STANDARD})")
    parser.add_argument("--profile", metavar="ID|FILE",
                        help="input profile (default: detected from the headers)")
    parser.add_argument("--events", action="append", default=[], type=Path, metavar="FILE",
                        help="a separate file of events/messages with a ticket_id column")
    parser.add_argument("--sheet", help="XLSX sheet name (default: the first sheet)")
    parser.add_argument("--encoding", help="force the text encoding (default: detected)")
    parser.add_argument("--input-tz", metavar="ZONE",
                        help="time zone the export's times without an offset are in, e.g. "
                             "Europe/Berlin for an OTRS server's local time (default: the "
                             "profile's timezone, else the standard's calendar zone)")
    parser.add_argument("--format", "-f", dest="format", metavar="NAME",
                        help="output format: text (default), json, jsonl, csv, sarif, junit, "
                             "github, markdown, html, scorecard (the agent scorecard as CSV), "
                             "or one a plugin adds (svccheck plugins)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write the report to FILE (atomically) instead of stdout")
    parser.add_argument("--fail-on", choices=FAIL_ON_CHOICES,
                        help="lowest severity that fails the run (default error)")
    parser.add_argument("--max-findings", action="append", default=[], metavar="SEVERITY=N",
                        help="allow up to N active findings of SEVERITY before failing, e.g. "
                             "warning=10 (repeatable, comma-separated)")
    parser.add_argument("--baseline", type=Path, metavar="FILE",
                        help="report only findings not in this baseline (the rest are counted "
                             "as baselined)")
    parser.add_argument("--update-baseline", type=Path, metavar="FILE",
                        help="write the run's findings (except waived ones) to FILE as the "
                             "new baseline, then report against it")
    parser.add_argument("--waivers", type=Path, metavar="FILE",
                        help="YAML file of waivers (svccheck schema waivers): accepted findings "
                             "with a reason, an owner and an expiry date")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress bar on stderr (it only shows on a terminal for "
                             "large inputs anyway)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="log each file read and each rule run, with times and counts, "
                             "on stderr (never a cell's content)")
    parser.add_argument("--select", action="append", default=[], metavar="RULE|FAMILY",
                        help="run only these rules or families, including loaded rules the "
                             "standard does not enable (with their defaults); repeatable, "
                             "comma-separated")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE|FAMILY",
                        help="skip these rules or families (repeatable, comma-separated)")
    parser.add_argument("--require", action="append", default=[], metavar="RULE|FAMILY|all",
                        help="fail the run (exit 1) when one of these rules judged nothing or "
                             "only part of its scope (status not_evaluated or partial); "
                             "repeatable, comma-separated; also require: in the standard "
                             "or the config file")
    parser.add_argument("--as-of", metavar="TIME",
                        help="when the export was taken, e.g. 2025-11-30 18:00 (default now)")
    parser.add_argument("--max-rows", type=int, metavar="N",
                        help="findings shown in the text table (default 50; 0 = all)")
    parser.add_argument("--max-cell-bytes", type=int, default=None,
                        metavar="N", help="largest cell read, in bytes; a bigger one is an "
                        "unreadable-row finding, and a CSV or JSON Lines line longer than 64 "
                        f"such cells stops the run (default {DEFAULT_MAX_CELL_BYTES:,})")
    parser.add_argument("--keep-going", action="store_true",
                        help="a rule that crashes becomes an error finding and the other "
                             "rules still run (default: the run stops with exit 2)")
    parser.add_argument("--history", metavar="DB",
                        help="record this run (counts and KPI values, no personal data) in DB, "
                             "a SQLite file or a postgresql:// URI; the HTML report then shows "
                             "the trend over the recorded runs")
    group = parser.add_argument_group("large audits")
    group.add_argument("--engine", choices=ENGINES, default=None,
                       help="memory: all tickets in memory (fastest); stream: spill the "
                            "tickets to a temporary directory in parts and check them part "
                            "by part, so memory follows one part; dask: check the parts on "
                            "a Dask cluster (--scheduler); auto (default): stream "
                            "when memory would need over 2 GB (a CSV export over "
                            "about 400 MB, a Parquet dump over 40 MB). Same findings "
                            "either way")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="dask engine: the cluster's scheduler, e.g. tcp://10.0.0.5:8786 "
                            "(needs pip install 'svccheck[dask]'); inputs may be directories "
                            "or globs of parts, read by the workers")
    group.add_argument("--parts", type=_positive, metavar="N",
                       help="stream and dask engines: split the audit into N parts (default: "
                            "one per 32 MB of input; dask: two per worker); more parts, less "
                            "memory")
    group.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N",
                       help="stream engine: check N parts at a time (default 1)")


def _report_options(parser: argparse.ArgumentParser) -> None:
    """Where the reports go and how they look (svccheck.report.outputs)."""
    group = parser.add_argument_group("reports")
    group.add_argument("--report", action="append", default=[], metavar="FORMAT:PATH",
                       help="also write a report in FORMAT to PATH (- is stdout), from the "
                            "same audit; repeatable, e.g. --report sarif:svccheck.sarif "
                            "--report html:report.html")
    group.add_argument("--project-root", metavar="DIR",
                       help="SARIF locations are relative to DIR, e.g. the repository's "
                            "root (default: the working directory)")
    group.add_argument("--html-max-per-rule", type=int, default=None, metavar="N",
                       help="findings the HTML report lists per rule (default 200; 0 = all); "
                            "the rest are counted, and --report jsonl:FILE lists them all. "
                            "Also html_max_per_rule in the config file")
    group.add_argument("--color", choices=outputs.COLOR_CHOICES, default=None,
                       help="colour the text report: auto (default: on a terminal, unless "
                            "NO_COLOR is set; FORCE_COLOR forces it), always or never")


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _database_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "database inputs (postgresql://user@host/db, mysql://user@host/db, sqlite:///file.db)")
    group.add_argument("--table", metavar="NAME", help="read the tickets from this table")
    group.add_argument("--query", metavar="SQL", help="read the tickets this SELECT returns")
    group.add_argument("--events-table", metavar="NAME",
                       help="read events/messages (with a ticket_id column) from this table")
    group.add_argument("--events-query", metavar="SQL",
                       help="read events/messages this SELECT returns")
    group.add_argument("--dsn-env", metavar="VAR",
                       help="take the database URI, password included, from environment "
                            "variable VAR instead of the command line (the password is also "
                            "read from PGPASSWORD or ~/.pgpass, MySQL's from MYSQL_PWD)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svccheck",
        description="Audit customer-service ticket exports against written service standards.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"svccheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser("check", help="audit export files or database tables against a standard",
                           epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="*", metavar="FILE|FOLDER|URI",
                       help="export files (.csv .tsv .xlsx .json .jsonl .parquet, or .gz of "
                            "those), folders of them (a helpdesk export: every export file "
                            "under the folder), database URIs, or - for standard input")
    check.add_argument("--stdin-filename", metavar="NAME",
                       help="the name reports give the export read from - (standard input); "
                            "its suffix picks the reader (default: told from the first bytes)")
    _check_options(check)
    _report_options(check)
    _database_options(check)
    _plugin_options(check)

    demo = sub.add_parser("demo", help="audit the bundled sample export (cn-baseline)")
    _check_options(demo)
    _report_options(demo)
    _plugin_options(demo)

    rules = sub.add_parser("rules", help="list the rules (of a standard, with --standard)")
    rules.add_argument("--standard", "-s", metavar="ID|FILE",
                       help="show only the rules this standard enables, with its settings")
    rules.add_argument("--format", "-f", choices=["text", "json"], default="text",
                       help="text table (default) or json: every rule's id, family, "
                            "severity, titles, clause, plugin, needs and parameters")
    _plugin_options(rules)

    explain = sub.add_parser("explain", help="a rule's documentation, parameters and clause, "
                                             "or the rules of a family")
    explain.add_argument("rule", metavar="RULE|FAMILY")
    _plugin_options(explain)

    plugins = sub.add_parser("plugins", help="loaded plugins and what each provides")
    _plugin_options(plugins)
    standards = sub.add_parser("standards", help="list the available standards; "
                               "'standards show ID' prints one resolved, rule by rule")
    standards.add_argument("action", nargs="?", choices=["show"], metavar="show",
                           help="print one standard resolved after extends: rule, severity, "
                                "parameters, clause")
    standards.add_argument("ref", nargs="?", metavar="ID|FILE",
                           help="with show: a shipped standard id or a path to a .yaml file")
    standards.add_argument("--format", "-f", choices=["text", "json"], default="text",
                           help="with show: text table (default) or json")
    _plugin_options(standards)
    profiles = sub.add_parser(
        "profiles", help="list the input profiles; 'profiles show ID|FILE' prints one resolved, "
        "'profiles init FILE' writes a starter profile for an export")
    profiles.add_argument("action", nargs="?", choices=["show", "init"], metavar="show|init",
                          help="show: print a profile resolved after extends, as YAML; "
                               "init: write a profile for the export FILE that extends the "
                               "best-fitting one, with the aliases and values left to fill in")
    profiles.add_argument("ref", nargs="?", metavar="ID|FILE",
                          help="show: a profile id or a path to a .yaml file; init: the export")
    profiles.add_argument("--output", "-o", type=Path, metavar="OUT",
                          help="init: write the profile to OUT (default: stdout)")
    profiles.add_argument("--sheet", help="init: XLSX sheet name (default: the first sheet)")
    profiles.add_argument("--encoding", help="init: force the text encoding (default: detected)")
    _plugin_options(profiles)

    scaffold.add_parser(sub)
    history = sub.add_parser("history", help="list the audits recorded with --history")
    history.add_argument("--history", metavar="DB",
                         help=f"SQLite file or postgresql:// URI (default {DEFAULT_HISTORY})")
    history.add_argument("--standard", "-s", metavar="ID", help="only runs of this standard")
    history.add_argument("--format", "-f", choices=["text", "json"], default="text")
    schema = sub.add_parser("schema", help="print a JSON Schema (ticket, event, standard, ...)")
    schema.add_argument("name", choices=SCHEMA_NAMES)
    return parser


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _registry(args: argparse.Namespace, config: Config) -> Registry:
    modules = [*config.get("plugins", []), *args.plugins]
    plugins_dir = args.plugins_dir or config.plugins_dir()
    return load_plugins(modules, plugins_dir)


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
    select = _split(args.select) or list(config.get("select", []))
    ignore = _split(args.ignore) or list(config.get("ignore", []))
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
    registry = _registry(args, config)
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


def cmd_rules(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = _registry(args, config)
    lang = args.lang or config.get("lang", "en")
    standard = load_standard(args.standard, registry.standard_dirs) if args.standard else None
    if args.format == "json":
        listed = ([explain.rule_json(a.rule, severity=str(a.severity), clause=a.clause,
                                     params=a.params)
                   for a in resolve_rules(standard, registry.rules)] if standard is not None
                  else [explain.rule_json(r) for r in
                        sorted(registry.rules.values(), key=lambda r: r.id)])
        print(json.dumps(listed, ensure_ascii=False, indent=2, default=str))
        return 0
    if standard is not None:
        rows = [[a.rule.id, str(a.severity), a.rule.title_in(lang), a.clause or "-"]
                for a in resolve_rules(standard, registry.rules)]
        print(f"{standard.id} {standard.version}: {standard.title_in(lang)}")
    else:
        rows = [[r.id, str(r.severity), r.title_in(lang), r.clause or "-", r.plugin]
                for r in sorted(registry.rules.values(), key=lambda r: r.id)]
    headers = ["rule", "severity", "title", "clause", "plugin"][: len(rows[0]) if rows else 5]
    print(tabulate(rows, headers=headers, tablefmt="simple"))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = _registry(args, config)
    lang = args.lang or config.get("lang", "en")
    rule = registry.rules.get(args.rule)
    families = {r.split(".", 1)[0] for r in registry.rules}
    if rule is None and args.rule in families:
        print(explain.explain_family(args.rule, registry.rules.values(), lang), end="")
        return 0
    if rule is None:
        import difflib

        hint = difflib.get_close_matches(args.rule, [*registry.rules, *families], n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise SvccheckError(f"unknown rule or family {args.rule!r}{suggestion}")
    print(explain.explain_rule(rule, lang), end="")
    return 0


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


def cmd_plugins(args: argparse.Namespace) -> int:
    registry = _registry(args, load_config(args.config))
    rows = []
    for info in registry.plugins:
        provides = "; ".join(f"{k}: {', '.join(v)}" for k, v in info.provides.items()) or "-"
        rows.append([info.name, info.version, info.origin, ", ".join(info.hooks) or "-",
                     textwrap.fill(provides, 72, break_on_hyphens=False)])
    print(tabulate(rows, headers=["plugin", "version", "from", "hooks", "provides"],
                   tablefmt="simple"))
    return 0


def cmd_standards(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = _registry(args, config)
    lang = args.lang or config.get("lang", "en")
    if args.action == "show":
        if not args.ref:
            raise SvccheckError("standards show: give a standard id or a path to a .yaml file")
        shown = load_view(args.ref, registry.standard_dirs, registry.rules, lang)
        print(render_json(shown) if args.format == "json" else render_text(shown, lang), end="")
        return 0
    rows = []
    for ref, path in sorted(available_standards(registry.standard_dirs).items()):
        standard = load_standard(str(path), registry.standard_dirs)
        rows.append([ref, standard.version, standard.title_in(lang), len(standard.rules)])
    print(tabulate(rows, headers=["standard", "version", "title", "rules"], tablefmt="simple"))
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    registry = _registry(args, config)
    lang = args.lang or config.get("lang", "en")
    profiles = load_profiles(registry.profile_files)
    if args.action is not None and not args.ref:
        what = "a profile id or a path to a .yaml file" if args.action == "show" else "an export"
        raise SvccheckError(f"profiles {args.action}: give {what}")
    if args.action == "show":
        print(render_profile(resolve_profile(args.ref, profiles)), end="")
        return 0
    if args.action == "init":
        check_outputs([Path(args.ref)], [args.output])  # never over the export it reads
        text = starter_profile(Path(args.ref), readers=registry.readers, profiles=profiles,
                               options=ReadOptions(sheet=args.sheet, encoding=args.encoding))
        with Staged() as staged:
            staged.write(text, args.output, "the profile")
        return 0
    rows = [[p.id, p.title_in(lang), len(p.fields), "yes" if p.events else "no", p.path.name]
            for p in profiles.values()]
    print(tabulate(rows, headers=["profile", "title", "fields", "events", "file"],
                   tablefmt="simple"))
    return 0


def sample_path() -> Path:
    """The bundled sample export (a GB18030 response-record CSV)."""
    return Path(str(resources.files("svccheck").joinpath("data", SAMPLE)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with signals_unwind():
            return _dispatch(args)
    except SvccheckError as exc:
        # The one exit of every error message: whatever it quotes -- a cell, a
        # column, sheet or file name, an argument -- leaves masked, and its
        # control characters shown, not obeyed (an ESC or a newline in a file
        # name): only the message's own lines start a line.
        shown = "\n".join(neutral(redact_path(line)) for line in exc.lines)
        print(f"svccheck: error: {shown}", file=sys.stderr)
        return EXIT_UNTRUSTED
    except Terminated as exc:  # SIGTERM, SIGHUP: cleaned up as after Ctrl-C
        print("svccheck: terminated", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:  # _write removes its temp file: no half-written report
        print("svccheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_UNTRUSTED
    except SystemExit:
        # Only plugin code (a rule, a reader, a report) can get here: svccheck
        # itself returns its exit code. Exiting with the plugin's code -- 0 for
        # sys.exit(0) -- would let a CI gate pass on a run that wrote nothing.
        print("svccheck: error: plugin code called sys.exit() during the run; "
              "the results cannot be trusted", file=sys.stderr)
        return EXIT_UNTRUSTED
    except Exception as exc:  # a bug of ours: still no traceback unless asked for
        if os.environ.get("SVCCHECK_DEBUG"):
            raise
        # Only the type: an exception's text may quote a cell, i.e. personal data.
        print(f"svccheck: internal error: {type(exc).__name__} "
              "(set SVCCHECK_DEBUG=1 for details and a traceback, and please report it)",
              file=sys.stderr)
        return EXIT_UNTRUSTED


def _dispatch(args: argparse.Namespace) -> int:
    """Run the subcommand ``args`` names; :func:`main` turns its errors into exit codes."""
    if args.command == "check":
        files = [Path(p) for p in args.paths if not is_database_uri(p)]
        with stdin_inputs(files, args.stdin_filename) as (files, names):
            return cmd_check(args, files, names or None,
                             uris=[p for p in args.paths if is_database_uri(p)])
    if args.command == "demo":
        if args.as_of is None:
            args.as_of = "2025-11-30 18:00"  # when the sample export was taken
        sample = sample_path()
        return cmd_check(args, [sample], {sample: SAMPLE})
    if args.command == "plugin":
        return scaffold.run(args)
    if args.command == "schema":
        print(json.dumps(load_schema(args.name), ensure_ascii=False, indent=2))
        return 0
    return {
        "rules": cmd_rules, "explain": cmd_explain, "plugins": cmd_plugins,
        "standards": cmd_standards, "profiles": cmd_profiles, "history": cmd_history,
    }[args.command](args)
