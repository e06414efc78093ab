"""The ``svccheck`` argument parser: every command, its options and the examples.

Kept apart from the commands so that ``--help`` shows what each command
takes without reading how it runs; the commands read the parsed namespace.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from svccheck import __version__
from svccheck.cli import plugin_new
from svccheck.cli.common import DEFAULT_STANDARD
from svccheck.engines.choice import ENGINES
from svccheck.history import DEFAULT_HISTORY
from svccheck.io.base import DEFAULT_MAX_CELL_BYTES
from svccheck.report import outputs
from svccheck.report.gate import FAIL_ON_CHOICES
from svccheck.schemas import SCHEMA_NAMES

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

    plugin_new.add_parser(sub)
    history = sub.add_parser("history", help="list the audits recorded with --history")
    history.add_argument("--history", metavar="DB",
                         help=f"SQLite file or postgresql:// URI (default {DEFAULT_HISTORY})")
    history.add_argument("--standard", "-s", metavar="ID", help="only runs of this standard")
    history.add_argument("--format", "-f", choices=["text", "json"], default="text")
    schema = sub.add_parser("schema", help="print a JSON Schema (ticket, event, standard, ...)")
    schema.add_argument("name", choices=SCHEMA_NAMES)
    return parser
