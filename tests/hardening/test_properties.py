"""Property tests: arbitrary input never crashes the readers, the profile stage or the parser.

A nightly gate meets files nobody has looked at. Whatever bytes arrive, a
reader must either return a table or raise :class:`InputError` (one line,
exit 2) -- any other exception is a traceback in somebody's CI log. The
example counts are bounded so the whole module runs in a few seconds; the
atheris harnesses in ``bench/`` are the long-running counterpart.

(Properties of the PII detectors and masking: test_pii_properties.py.)
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from svccheck.errors import ConfigError, InputError
from svccheck.io.base import ROW, RawInput, ReadOptions
from svccheck.io.profiles import load_profiles, map_tickets
from svccheck.io.readers import BUILTIN_READERS, read_file
from svccheck.io.readers.limits import JsonRecordGuard, LineGuard, LineTooLong, RecordTooLong
from svccheck.io.readers.parquet_footer import FooterError, declared_sizes
from svccheck.io.timestamps import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    fill_uncommon_timestamps,
    parse_common_timestamps,
    parse_timestamps,
)
from svccheck.plugins import load_plugins
from svccheck.standards import load_standard
from svccheck.yamlsource import load_yaml

FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".xlsx", ".parquet", ".csv.gz")
TZ = "Asia/Shanghai"


def _read(directory: Path, suffix: str, data: bytes) -> RawInput | None:
    path = directory / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        return read_file(path, BUILTIN_READERS, ReadOptions(max_cell_bytes=1000))
    except InputError as exc:
        message = str(exc)
        assert message.startswith(str(path)) and "\n" not in message
        return None


@FAST
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2000))
@example(suffix=".csv", data=b'a,b\n"x\x00,\r1')
@example(suffix=".jsonl", data=b"[" * 5000)
@example(suffix=".csv.gz", data=b"\x1f\x8b\x08\x00")
@example(suffix=".csv", data=b"b_ip,1,/,,C1E_i%d,*")  # bench/fuzz_csv.py: a column named "*"
def test_any_bytes_are_a_table_or_an_input_error(tmp_path, suffix, data):
    raw = _read(tmp_path, suffix, data)
    if raw is not None:
        assert ROW in raw.tickets.columns
        assert all(p.row >= 1 for p in raw.problems)


# Text made of the characters that matter to the CSV and JSON grammars.
SYNTAX = st.text(alphabet=st.sampled_from(list(',;\t|"\'\n\r {}[]:\\abc1é工单\x00\u2028')),
                 max_size=300)


@FAST
@given(suffix=st.sampled_from((".csv", ".tsv", ".json", ".jsonl")), text=SYNTAX,
       encoding=st.sampled_from(("utf-8", "gb18030", "utf-16")))
def test_any_text_is_a_table_or_an_input_error(tmp_path, suffix, text, encoding):
    _read(tmp_path, suffix, text.encode(encoding))


CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=20)


@FAST
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=8))
@example(rows=[["", " ", "x"], ["a\nb", '"', ","]])
def test_csv_written_by_a_csv_writer_reads_back_cell_for_cell(tmp_path, rows):
    """Whatever the cells hold, every row comes back with its values and its number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # "\r\n" line ends: a cell's bare "\r" is then quoted
    writer.writerow(["a", "b", "c"])
    writer.writerows(rows)
    raw = _read(tmp_path, ".csv", buffer.getvalue().encode("utf-8"))
    assert raw is not None
    kept = [(number, r) for number, r in enumerate(rows, start=1)
            if any(cell.strip() for cell in r) and sum(len(c.encode()) > 1000 for c in r) == 0]
    frame = raw.tickets
    assert frame.get_column(ROW).to_list() == [number for number, _ in kept]
    assert [list(r) for r in frame.select("a", "b", "c").iter_rows()] == [r for _, r in kept]
    assert raw.problems == []


@pytest.fixture(scope="module")
def generic():
    return load_profiles(load_plugins().profile_files)["generic"]


VALUE = st.one_of(st.none(), st.text(max_size=30),
                  st.sampled_from(["2025-10-09 09:00", "45200.5", "-", "已解决", "5", "true"]))
FIELDS = ("id", "customer_id", "priority", "status", "created_at", "resolved_at",
          "satisfaction", "channel", "first_response_at")


@FAST
@given(rows=st.lists(st.fixed_dictionaries(dict.fromkeys(FIELDS, VALUE)), min_size=1,
                     max_size=6))
def test_profile_mapping_accepts_any_cells(generic, rows):
    """Every raw row becomes exactly one canonical row, whatever its cells say."""
    frame = pl.DataFrame(rows, schema=dict.fromkeys(FIELDS, pl.String)).with_columns(
        pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias(ROW))
    mapped = map_tickets(RawInput(path=Path("t.csv"), format="csv", tickets=frame), generic, TZ)
    assert mapped.tickets.get_column(ROW).to_list() == list(range(1, len(rows) + 1))
    assert mapped.tickets.schema["created_at"] == pl.Datetime("us", TZ)


TIMESTAMP_TEXT = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\d{4}[-/年]\d{1,2}[-/月]\d{1,2}[日T ]?\d{1,2}[:时]\d{2}(:\d{2})?Z?", fullmatch=True),
)


@FAST
@given(values=st.lists(st.one_of(st.none(), TIMESTAMP_TEXT), max_size=10))
def test_timestamp_parsing_never_raises_and_fast_path_agrees(values):
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    full = frame.select(parse_timestamps(pl.col("raw"), TZ)).to_series()
    assert full.dtype == pl.Datetime("us", TZ)
    fast = frame.with_columns(parse_common_timestamps(pl.col("raw"), TZ).alias("parsed"))
    filled = fill_uncommon_timestamps(fast, "parsed", "raw", TZ).get_column("parsed")
    assert filled.to_list() == full.to_list()


@FAST
@given(moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
       form=st.sampled_from(["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                             "%Y年%m月%d日 %H:%M:%S", "%Y-%m-%d%H:%M:%S"]))
def test_a_written_time_parses_back_to_itself(moment, form):
    """Asia/Shanghai has had no clock changes since 1991, so every wall time exists."""
    moment = moment.replace(microsecond=0)
    if moment.year < 1992:
        moment += timedelta(days=366 * 2)
    text = moment.strftime(form)
    parsed = pl.DataFrame({"raw": [text]}).select(parse_timestamps(pl.col("raw"), TZ)).item()
    assert parsed is not None, text
    assert parsed.replace(tzinfo=None) == moment


@FAST
@given(data=st.binary(max_size=400).map(lambda b: b.replace(b"\x00", b"\n")),
       limit=st.integers(0, 40), cuts=st.lists(st.integers(1, 50), max_size=40))
def test_the_line_guard_finds_the_first_long_line_however_the_file_is_chunked(data, limit, cuts):
    """The guard sees chunks of any size; it must agree with splitting the whole file."""
    expected = next((number for number, line in enumerate(data.split(b"\n"), 1)
                     if len(line) > limit), None)
    guard = LineGuard(limit)
    found = None
    try:
        start = 0
        for size in [*cuts, len(data)]:
            guard.feed(data[start:start + size])
            start += size
        guard.close()
    except LineTooLong as exc:
        found = exc.line
    assert found == expected


@FAST
@given(footer=st.binary(max_size=300))
@example(footer=b"\x19\xfc" + b"\x7f" * 20)  # a list claiming more elements than bytes
def test_any_parquet_footer_is_totals_or_a_footer_error(footer):
    data = b"PAR1" + footer + len(footer).to_bytes(4, "little") + b"PAR1"
    try:
        declared = declared_sizes(data)
    except FooterError:
        return
    assert declared.uncompressed_bytes >= 0 and declared.values >= 0


def test_a_polars_footer_declares_every_value():
    frame = pl.DataFrame({"id": ["T1", "T2", None], "tags": [["a", "b"], [], ["c"]]})
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    declared = declared_sizes(buffer.getvalue())
    assert declared.values == 3 + 4  # three ids (one null); a, b, c and the empty list
    assert declared.uncompressed_bytes > 0
    # the pages' own headers declare the same data, less the headers themselves
    assert 0 < declared.page_bytes <= declared.uncompressed_bytes


_SMALL_PARQUET = io.BytesIO()
pl.DataFrame({"id": ["T1", "T2"], "n": [1, 2]}).write_parquet(_SMALL_PARQUET)


@FAST
@given(offset=st.integers(min_value=4), junk=st.binary(min_size=1, max_size=40))
def test_any_page_header_bytes_give_totals_or_a_footer_error(offset, junk):
    """The footer is sound, the page headers it leads to are anything."""
    data = bytearray(_SMALL_PARQUET.getvalue())
    footer = len(data) - 8 - int.from_bytes(data[-8:-4], "little")
    start = 4 + offset % (footer - 4)
    data[start:start + len(junk)] = junk[:footer - start]
    try:
        declared = declared_sizes(bytes(data))
    except FooterError:
        return
    assert declared.page_bytes >= 0


#: Text that is structure anywhere else: quotes, escapes, brackets, CJK.
_JSON_TEXT = st.text(alphabet='"\\[]{},: 乗亇xy\n', min_size=1, max_size=30)


@FAST
@given(texts=st.lists(_JSON_TEXT, min_size=2, max_size=6), long_at=st.integers(0, 5),
       cuts=st.lists(st.integers(1, 9000), max_size=6), wrapped=st.booleans())
def test_the_json_record_guard_measures_records_however_the_file_is_cut(
        texts, long_at, cuts, wrapped):
    """Records well under the bound pass, one well over it is refused, at any chunking.

    "Well": the guard measures in pieces of 4,096 bytes here, and is exact
    to within two of them.
    """
    limit = 20_000
    records = [{"id": n, "d": [text] * (3_000 // (len(text) + 4))} for n, text in enumerate(texts)]
    short = json.dumps({"tickets": records} if wrapped else records, ensure_ascii=False)
    records[long_at % len(records)]["d"] *= 12  # at most 9 kB -> at least 36 kB
    long = json.dumps({"tickets": records} if wrapped else records, ensure_ascii=False)
    for document, refused in ((short, False), (long, True)):
        data = document.encode()
        items = json.loads(document)
        items = items["tickets"] if wrapped else items
        longest = max(len(json.dumps(item, ensure_ascii=False).encode()) for item in items)
        assert longest > limit + 8_192 if refused else longest < limit - 8_192
        guard = JsonRecordGuard(limit)
        bounds = [0, *sorted({c * 7 % len(data) for c in cuts}), len(data)]
        try:
            for start, end in itertools.pairwise(bounds):
                guard.feed(data[start:end])
            guard.close()
        except RecordTooLong as exc:
            assert refused, exc.where()
            assert exc.inside and exc.line == long_at % len(records) + 1
        else:
            assert not refused


# -- JSON strings: escapes, surrogate halves included ---------------------------------

#: Pieces of a JSON string as exports write them: characters, escapes, and the
#: halves of surrogate pairs an export may cut apart (bench/fuzz_jsonl.py mode 2).
_STRING_PIECE = st.one_of(
    st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\'),
    st.sampled_from(['\\"', "\\\\", "\\n", "\\u4e2d", "\\u0000", "\\ud83d\\ude00"]),
    st.integers(0xD800, 0xDFFF).map(lambda c: f"\\u{c:04x}"),
)
_JSON_STRING = st.lists(_STRING_PIECE, max_size=12).map("".join)


@FAST
@given(values=st.lists(_JSON_STRING, min_size=1, max_size=4), key=_JSON_STRING,
       suffix=st.sampled_from((".jsonl", ".json")))
@example(values=["\\ud83d cut"], key="description", suffix=".jsonl")
def test_any_json_string_is_read_as_text_every_output_can_encode(tmp_path, values, key,
                                                                  suffix):
    lines = [f'{{"id": "T{n}", "{key}": "{value}", "note": "{value}"}}'
             for n, value in enumerate(values)]
    data = ("\n".join(lines) if suffix == ".jsonl" else "[" + ",".join(lines) + "]").encode()
    raw = _read(tmp_path, suffix, data)
    if raw is None:
        return  # e.g. "note" and key are the same name: one JSON error line
    for column in raw.tickets.columns:
        assert column.encode("utf-8")
        for cell in raw.tickets.get_column(column).cast(pl.String).to_list():
            assert cell is None or cell.encode("utf-8") is not None
    damaged = {n + 1 for n, value in enumerate(values)
               if any(0xD800 <= ord(c) <= 0xDFFF for c in json.loads(f'"{value}"'))
               or any(0xD800 <= ord(c) <= 0xDFFF for c in json.loads(f'"{key}"'))}
    halves = {p.row for p in raw.problems if "half of a character" in p.message_en}
    assert halves == damaged


# -- timestamps at any year --------------------------------------------------------

_ANY_YEAR_TEXT = st.builds(
    lambda y, m, d, h, form: form.format(y=y, m=m, d=d, h=h),
    st.integers(0, 9999), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23),
    st.sampled_from(["{y:04d}-{m:02d}-{d:02d} {h:02d}:00", "{y:04d}/{m}/{d} {h}:05:09",
                     "{y:04d}年{m}月{d}日 {h}时", "{y:04d}-{m:02d}-{d:02d}T{h:02d}:00:00Z",
                     "{y:04d}-{m:02d}-{d:02d}T{h:02d}:00:00+14:00", "{y:04d}-{m:02d}-{d:02d}"]),
)


@FAST
@given(values=st.lists(_ANY_YEAR_TEXT, min_size=1, max_size=8))
@example(values=["0001-01-01 00:00", "9999-12-31 23:59", "9999-12-31T23:00:00+14:00"])
def test_times_of_any_year_are_read_only_inside_the_range(values):
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    full = frame.select(parse_timestamps(pl.col("raw"), TZ)).to_series()
    fast = frame.with_columns(parse_common_timestamps(pl.col("raw"), TZ).alias("parsed"))
    filled = fill_uncommon_timestamps(fast, "parsed", "raw", TZ).get_column("parsed")
    assert filled.to_list() == full.to_list()
    for text, parsed in zip(values, full.to_list(), strict=True):
        written = int(text[:4])
        if parsed is not None:
            assert EARLIEST_YEAR <= parsed.year <= LATEST_YEAR
        if not EARLIEST_YEAR + 1 <= written <= LATEST_YEAR - 1:  # offsets move a day at most
            assert parsed is None or parsed.year in (EARLIEST_YEAR, LATEST_YEAR), text


# -- YAML: whatever a configuration file holds ----------------------------------------

_YAML_PIECES = st.sampled_from([
    "a: 1\n", "rules:\n", "  x: {}\n", "- 2025-02-30\n", "expires: 2025-02-30\n",
    "when: 2025-13-01 10:00:00\n", "d: 2024-02-29\n", "k: &a [1, 2]\n", "l: *a\n",
    "m: !!python/object:os.system x\n", "'q': \"\\ud83d\"\n", "\t\n", ": :\n", "[\n", "}\n",
    "root:$6$Qd8k:19000:0:99999:7:::\n", "13812345678: x\n", "? a\n", "--- \n", "x: |\n  y\n",
])


@FAST
@given(pieces=st.lists(_YAML_PIECES, max_size=12), noise=st.text(max_size=30))
def test_any_yaml_loads_or_is_a_located_config_error(tmp_path, pieces, noise):
    path = tmp_path / "f.yaml"
    path.write_text("".join(pieces) + noise, encoding="utf-8", errors="surrogatepass")
    try:
        load_yaml(path)
    except ConfigError as exc:
        assert exc.lines and all(line.startswith(str(path)) for line in exc.lines), exc.lines
        assert all(len(line) < len(str(path)) + 200 for line in exc.lines)


@FAST
@given(pieces=st.lists(_YAML_PIECES, max_size=12))
# found by bench/fuzz_yaml.py: a long key was quoted whole in the error's location
@example(pieces=["id: n-baseline\nrules:\n  rrules:\n  e" + ">" * 200 + "crord: 1]\n"])
# ... and a long extends reference, quoted twice, whole
@example(pieces=['id: s\nversion: "1"\ntitle: s\nextends: cnas' + "N" * 160 + "e\n"])
def test_any_yaml_as_a_standard_is_a_standard_or_a_brief_config_error(tmp_path, pieces):
    path = tmp_path / "s.yaml"
    path.write_text("".join(pieces), encoding="utf-8")
    try:
        load_standard(str(path), [])
    except ConfigError as exc:
        assert len(exc.lines) <= 6
        for line in exc.lines:
            assert len(line) < len(str(path)) + 240, line
