"""Reader tests: each writes a tiny export the way a help desk would, then reads it.

Assertions are about what a user would notice: cell values, the row numbers
findings will point at, the encoding/format named in the report, and the one
line printed when a file cannot be read.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from svccheck.errors import InputError
from svccheck.io.base import ROW, RawInput, ReadOptions
from svccheck.io.readers import BUILTIN_READERS, read_file

# A phone number that must never appear in an error or problem message.
PHONE = "13812345678"

GB_HEADER = (
    "工单编号,客户编号,联系方式（隐藏后四位）,诉求类型,创建时间,首次响应时间,"
    "处理人,处理状态,客户满意度（1-5分）"
)
GB_ROWS = [
    "GD20231001001,KH0001,138****5678,退款,2023-10-01 14:30,2023-10-01 14:35,张伟,已解决,5",
    "GD20231001002,KH0002,139****1234,投诉,2023/10/1 15:00,,李娜,处理中,",
]


def read(path: Path, **options: str) -> RawInput:
    return read_file(path, BUILTIN_READERS, ReadOptions(**options))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def column(raw: RawInput, name: str) -> list[str | None]:
    return raw.tickets.get_column(name).to_list()


# --------------------------------------------------------------------------- CSV


def test_gb18030_csv_reads_chinese_headers_and_values(tmp_path: Path) -> None:
    text = "\r\n".join([GB_HEADER, *GB_ROWS]) + "\r\n"
    path = write(tmp_path, "工单导出.csv", text.encode("gb18030"))

    raw = read(path)

    assert raw.format == "csv"
    assert raw.encoding == "gb18030"
    assert raw.tickets.columns == [*GB_HEADER.split(","), ROW]
    assert column(raw, "联系方式（隐藏后四位）") == ["138****5678", "139****1234"]
    assert column(raw, "处理人") == ["张伟", "李娜"]
    # Empty cells stay "" -- profiles decide what "missing" means.
    assert column(raw, "首次响应时间") == ["2023-10-01 14:35", ""]
    assert column(raw, "客户满意度（1-5分）") == ["5", ""]
    assert column(raw, ROW) == [1, 2]
    assert raw.problems == []
    assert all(dtype == pl.String for dtype in raw.tickets.drop(ROW).dtypes)
    assert raw.tickets.schema[ROW] == pl.Int64


def test_utf8_bom_csv_reports_utf8_sig_and_clean_first_header(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", "\ufeff工单编号,状态\nT1,已解决\n".encode())

    raw = read(path)

    assert raw.encoding == "utf-8-sig"
    assert raw.tickets.columns[0] == "工单编号"  # no U+FEFF glued to the name
    assert column(raw, "状态") == ["已解决"]


def test_plain_utf8_csv(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "plain.csv", "id,name\n1,Zoë\n".encode()))
    assert raw.encoding == "utf-8"
    assert column(raw, "name") == ["Zoë"]


def test_utf16_text_export_is_tab_separated(tmp_path: Path) -> None:
    # Excel's "Unicode text": UTF-16 LE with BOM, tab-separated, even as .txt.
    text = "工单编号\t诉求类型\r\nT1\t退款\r\nT2\t咨询, 其他\r\n"
    path = write(tmp_path, "unicode.txt", text.encode("utf-16"))

    raw = read(path)

    assert raw.encoding == "utf-16"
    assert raw.format == "tsv"
    assert column(raw, "诉求类型") == ["退款", "咨询, 其他"]


def test_tsv_suffix_and_tab_delimiter(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "t.tsv", b"id\tnote\n1\ta, b; c\n"))
    assert raw.format == "tsv"
    assert column(raw, "note") == ["a, b; c"]


def test_semicolon_csv_is_sniffed_from_the_header(tmp_path: Path) -> None:
    # European Excel: semicolons, with commas inside values.
    raw = read(write(tmp_path, "eu.csv", b"id;score;note\n1;4,5;ok, thanks\n"))
    assert raw.format == "csv"
    assert raw.tickets.columns == ["id", "score", "note", ROW]
    assert column(raw, "score") == ["4,5"]


def test_pipe_csv_and_excel_sep_line(tmp_path: Path) -> None:
    assert column(read(write(tmp_path, "p.csv", b"a|b\n1|2\n")), "b") == ["2"]
    raw = read(write(tmp_path, "s.csv", b"sep=;\r\na;b\r\n1;2\r\n"))
    assert raw.tickets.columns == ["a", "b", ROW]
    assert column(raw, ROW) == [1]


def test_quoted_multiline_field_counts_as_one_row(tmp_path: Path) -> None:
    data = (
        "id,message,agent\n"
        'T1,"您好,\n我的订单还没到\n请尽快处理","张伟"\n'
        'T2,"He said ""hi""",李娜\n'
    ).encode()
    raw = read(write(tmp_path, "multi.csv", data))

    assert column(raw, "id") == ["T1", "T2"]
    assert column(raw, "message") == ["您好,\n我的订单还没到\n请尽快处理", 'He said "hi"']
    assert column(raw, ROW) == [1, 2]
    assert raw.problems == []


def test_wrong_field_count_is_reported_and_row_kept(tmp_path: Path) -> None:
    data = (
        "id,phone,status,score\n"
        f"T1,{PHONE},closed,5\n"
        f"T2,{PHONE}\n"  # too few
        f"T3,{PHONE},open,4,extra,{PHONE}\n"  # too many
        "T4,x,closed,3\n"
    ).encode()
    raw = read(write(tmp_path, "ragged.csv", data))

    assert column(raw, "id") == ["T1", "T2", "T3", "T4"]
    assert column(raw, "status") == ["closed", None, "open", "closed"]
    assert column(raw, "score") == ["5", None, "4", "3"]
    assert [(p.row, p.message_en) for p in raw.problems] == [
        (2, "row has 2 fields, the header has 4"),
        (3, "row has 6 fields, the header has 4"),
    ]
    assert raw.problems[0].message_zh == "该行有 2 个字段，表头有 4 个"
    for problem in raw.problems:
        assert PHONE not in problem.message_en + problem.message_zh


def test_blank_lines_skipped_but_row_numbers_follow_the_file(tmp_path: Path) -> None:
    data = b"\nid,name\nT1,a\n\n,,\nT2,b\n\n"
    raw = read(write(tmp_path, "blank.csv", data))

    assert column(raw, "id") == ["T1", "T2"]
    # Row 4 is the 4th line under the header, as a spreadsheet shows it.
    assert column(raw, ROW) == [1, 4]
    assert raw.problems == []  # a blank ",," line is not a ragged row


def test_header_names_are_stripped_and_made_unique(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "h.csv", b" id ,note,,note,_row\n1,a,b,c,d\n"))
    assert raw.tickets.columns == ["id", "note", "col_3", "note_2", "_row_2", ROW]
    assert column(raw, "_row_2") == ["d"]
    assert column(raw, ROW) == [1]


def test_unclosed_quote_at_end_is_reported(tmp_path: Path) -> None:
    data = b'id,note\nT1,ok\nT2,"never closed\nT3,lost\n'
    raw = read(write(tmp_path, "q.csv", data))

    assert column(raw, "id") == ["T1", "T2"]
    assert [p.row for p in raw.problems] == [2]
    assert "never closed" in raw.problems[0].message_en


def test_unclosed_quote_swallowing_the_file_is_an_input_error(tmp_path: Path) -> None:
    # 1.2 MB swallowed into one cell: past 64 x --max-cell-bytes 16,384
    data = b'id,note\nT1,"never closed\n' + b"T2,fine\n" * 150_000
    with pytest.raises(InputError) as info:
        read(write(tmp_path, "runaway.csv", data), max_cell_bytes=16_384)
    assert "runaway.csv" in str(info.value)
    assert "near line 2" in str(info.value) and "never closed" in str(info.value)


def test_a_cell_over_the_limit_beside_a_nul_byte_is_one_bad_row(tmp_path: Path) -> None:
    """A damaged row sends the file to the exact parser; a long cell there is still one row."""
    data = b'id,note\nT1,a\x00b\nT2,' + b"y" * 3000 + b'\nT3,"quoted ""x"" fine"\n'
    raw = read(write(tmp_path, "nul-and-long.csv", data), max_cell_bytes=1000)

    assert column(raw, "id") == ["T1", "T2", "T3"]
    assert column(raw, "note") == ["ab", None, 'quoted "x" fine']
    assert [(p.row, p.message_en.split(" (")[0].split(";")[0]) for p in raw.problems] == [
        (1, "row contains NUL bytes"),
        (2, "field 'note' is 3,000 bytes, over --max-cell-bytes 1,000"),
    ]


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "nobom.csv", "编号,状态\r\n1,已解决\r\n".encode("utf-16-le")))
    assert raw.encoding == "utf-16-le"
    assert column(raw, "状态") == ["已解决"]


def test_header_only_csv_gives_empty_table(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "h.csv", b"id,name\n"))
    assert raw.tickets.columns == ["id", "name", ROW]
    assert raw.tickets.height == 0


def test_forced_encoding_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, "gbk.csv", "编号,状态\n1,已解决\n".encode("gbk"))
    raw = read(path, encoding="GBK")
    assert raw.encoding == "gbk"
    assert column(raw, "状态") == ["已解决"]


def test_forced_encoding_decode_error_names_offset_not_content(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", f"id,phone\n1,{PHONE}\n".encode() + "张".encode("gbk"))
    with pytest.raises(InputError) as info:
        read(path, encoding="utf-8")
    message = str(info.value)
    assert "bad.csv" in message and "utf-8" in message and "offset 23" in message
    assert PHONE not in message
    assert "\n" not in message


def test_unknown_forced_encoding_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown encoding name 'klingon'"):
        read(write(tmp_path, "a.csv", b"a\n1\n"), encoding="klingon")


def test_undecodable_csv_asks_for_encoding(tmp_path: Path) -> None:
    # 0xFF is invalid in both UTF-8 and GB18030.
    path = write(tmp_path, "latin.csv", b"id,name\n1,\xff\xfe\xff\n")
    with pytest.raises(InputError) as info:
        read(path)
    assert str(info.value).startswith(str(path))
    assert "unknown encoding" in str(info.value)
    assert "--encoding" in str(info.value)


def test_workbook_renamed_to_csv_is_refused_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "really.csv", _xlsx_bytes(tmp_path))
    with pytest.raises(InputError, match="binary file"):
        read(path)


# --------------------------------------------------------------------------- XLSX


def _write_workbook(path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    duration = workbook.add_format({"num_format": "[h]:mm:ss"})
    clock = workbook.add_format({"num_format": "hh:mm"})

    sheet = workbook.add_worksheet("工单")
    sheet.write_row(0, 0, ["工单编号", " 创建时间 ", "评分", "处理时长", "预约时刻", "序列号"])
    sheet.write_string(1, 0, "GD001")
    sheet.write_datetime(1, 1, dt.datetime(2023, 10, 1, 14, 30, 5), when)
    sheet.write_number(1, 2, 5)
    sheet.write_number(1, 3, 1.5, duration)  # 36 hours
    sheet.write_datetime(1, 4, dt.time(9, 15), clock)
    sheet.write_number(1, 5, 45200.604)  # a serial number in plain number format
    # Row 3 of the sheet (data row 2) is left blank.
    sheet.write_string(3, 0, "GD003")
    sheet.write_datetime(3, 1, dt.datetime(2023, 10, 2, 8, 0), when)
    sheet.write_number(3, 2, 4.5)

    other = workbook.add_worksheet("用户")
    other.write_row(0, 0, ["客户编号", "等级"])
    other.write_row(1, 0, ["KH1", "VIP"])
    workbook.close()


def _xlsx_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "made.xlsx"
    _write_workbook(path)
    return path.read_bytes()


def test_xlsx_cells_become_strings(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    _write_workbook(path)

    raw = read(path)

    assert raw.format == "xlsx"
    assert raw.encoding is None
    assert raw.tickets.columns == [
        "工单编号",
        "创建时间",
        "评分",
        "处理时长",
        "预约时刻",
        "序列号",
        ROW,
    ]
    assert column(raw, "工单编号") == ["GD001", "GD003"]
    assert column(raw, "创建时间") == ["2023-10-01 14:30:05", "2023-10-02 08:00:00"]
    assert column(raw, "评分") == ["5", "4.5"]  # not "5.0"
    assert column(raw, "处理时长") == ["36:00:00", None]  # not "1900-01-01 12:00:00"
    assert column(raw, "预约时刻") == ["09:15:00", None]  # not "1899-12-31 09:15:00"
    assert column(raw, "序列号") == ["45200.604", None]
    assert column(raw, ROW) == [1, 3]  # the blank row keeps its number
    assert all(dtype == pl.String for dtype in raw.tickets.drop(ROW).dtypes)


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    _write_workbook(path)

    raw = read(path, sheet="用户")

    assert raw.tickets.columns == ["客户编号", "等级", ROW]
    assert column(raw, "等级") == ["VIP"]


def test_xlsx_unknown_sheet_lists_available_sheets(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    _write_workbook(path)

    with pytest.raises(InputError) as info:
        read(path, sheet="Tickets")
    message = str(info.value)
    assert "export.xlsx" in message and "'Tickets'" in message
    assert "'工单'" in message and "'用户'" in message


def test_csv_renamed_to_xlsx_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not an \.xlsx workbook"):
        read(write(tmp_path, "fake.xlsx", b"id,name\n1,a\n"))


def test_truncated_xlsx_is_an_input_error(tmp_path: Path) -> None:
    data = _xlsx_bytes(tmp_path)
    with pytest.raises(InputError, match=r"cut\.xlsx"):
        read(write(tmp_path, "cut.xlsx", data[: len(data) // 2]))


# --------------------------------------------------------------------------- JSON


def test_json_array_is_flattened(tmp_path: Path) -> None:
    tickets = [
        {
            "id": 101,
            "via": {"channel": "web"},
            "satisfaction_rating": {"score": 4.5},
            "is_public": True,
            "tags": ["退款", "vip"],
            "assignee": None,
        },
        {"id": 102, "subject": "", "via": {"channel": "email"}},
    ]
    raw = read(write(tmp_path, "t.json", json.dumps(tickets, ensure_ascii=False).encode()))

    assert raw.format == "json"
    assert raw.encoding == "utf-8"
    assert column(raw, "id") == ["101", "102"]
    assert column(raw, "via.channel") == ["web", "email"]
    assert column(raw, "satisfaction_rating.score") == ["4.5", None]
    assert column(raw, "is_public") == ["true", None]
    assert column(raw, "tags") == ['["退款", "vip"]', None]
    assert column(raw, "assignee") == [None, None]
    assert column(raw, "subject") == [None, ""]  # a key seen only later is kept
    assert column(raw, ROW) == [1, 2]
    assert raw.events is None


def test_json_object_with_tickets_and_users(tmp_path: Path) -> None:
    document = {
        "tickets": [
            {"id": 1, "requester_id": 7, "comments": [{"author_id": 7, "body": "hi"}]},
            {"id": 2, "requester_id": 8, "comments": []},
        ],
        "users": [{"id": 7, "role": "end-user"}, {"id": 8, "role": "agent"}],
        "next_page": None,
        "count": 2,
    }
    raw = read(write(tmp_path, "zendesk.json", json.dumps(document).encode()))

    assert column(raw, "id") == ["1", "2"]
    assert "comments" not in raw.tickets.columns
    assert list(raw.tables) == ["users"]
    assert raw.tables["users"].get_column("role").to_list() == ["end-user", "agent"]
    assert raw.events is not None
    assert raw.events.get_column("body").to_list() == ["hi"]
    assert raw.events.get_column("_list").to_list() == ["comments"]


def test_json_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path, "broken.json", f'[\n  {{"id": 1, "phone": "{PHONE}"\n  {{"id": 2}}\n]'.encode()
    )
    with pytest.raises(InputError) as info:
        read(path)
    message = str(info.value)
    assert "broken.json" in message and "line 3, column 3" in message
    assert PHONE not in message


def test_json_lines_content_in_json_file_is_read_as_json_lines(tmp_path: Path) -> None:
    # Zendesk's admin export: one ticket a line, in a file named .json
    raw = read(write(tmp_path, "lines.json", b'{"id": 1}\n{"id": 2}\n'))
    assert raw.format == "jsonl"
    assert column(raw, "id") == ["1", "2"]


def test_json_lines_with_a_stray_array_get_a_hint(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"rename it to \.jsonl"):
        read(write(tmp_path, "lines.json", b'{"id": 1}\n[2]\n'))


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ('{"data": [{"id": 1}]}', 'no "tickets" array (its keys: data)'),
        ('"just a string"', "found a single string"),
    ],
)
def test_json_wrong_shape_explains_what_is_expected(
    tmp_path: Path, document: str, expected: str
) -> None:
    with pytest.raises(InputError) as info:
        read(write(tmp_path, "shape.json", document.encode()))
    assert "expected a JSON array of ticket objects" in str(info.value)
    assert expected in str(info.value)


def test_jsonl_with_nested_messages_and_a_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "ticket_id": "T1",
                "channel": "chat",
                "messages": [
                    {"from": "customer", "at": "2023-10-01 14:30:00", "text": "在吗"},
                    {"from": "agent", "at": "2023-10-01 14:31:10", "meta": {"bot": False}},
                ],
            },
            ensure_ascii=False,
        ),
        "",
        f'{{"ticket_id": "T2", "phone": "{PHONE}" "channel": "phone"}}',
        "[1, 2]",
        json.dumps({"ticket_id": "T3", "channel": "email", "messages": []}),
    ]
    raw = read(write(tmp_path, "chat.jsonl", "\n".join(lines).encode()))

    assert raw.format == "jsonl"
    assert column(raw, "ticket_id") == ["T1", "T3"]
    assert column(raw, ROW) == [1, 5]  # line numbers, blank line 2 included
    assert [p.row for p in raw.problems] == [3, 4]
    assert "column" in raw.problems[0].message_en
    assert raw.problems[1].message_en == "line is a JSON array, not a ticket object"
    for problem in raw.problems:
        assert PHONE not in problem.message_en + problem.message_zh

    events = raw.events
    assert events is not None
    assert events.get_column(ROW).to_list() == [1, 1]
    assert events.get_column("_list").to_list() == ["messages", "messages"]
    assert events.get_column("_index").to_list() == [0, 1]
    assert events.get_column("from").to_list() == ["customer", "agent"]
    assert events.get_column("text").to_list() == ["在吗", None]
    assert events.get_column("meta.bot").to_list() == [None, "false"]
    assert "ticket_id" not in events.columns  # linked by _row, not by a copied id


def test_jsonl_that_is_one_json_document(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not JSON Lines"):
        read(write(tmp_path, "pretty.jsonl", b'[\n  {"id": 1}\n]\n'))


def test_ndjson_suffix_and_gb18030(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "x.ndjson", '{"状态": "已解决"}\n'.encode("gb18030")))
    assert raw.encoding == "gb18030"
    assert column(raw, "状态") == ["已解决"]


# --------------------------------------------------------------------------- Parquet


def test_parquet_columns_become_strings(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "ticket_id": [1001.0, None],  # pandas' int-with-gaps
            "created": [
                dt.datetime(2023, 10, 1, 14, 30),
                dt.datetime(2023, 10, 1, 15, 0, 0, 250000),
            ],
            "score": [5, 4],
            "via": [{"channel": "web"}, {"channel": "app"}],
        }
    ).with_columns(created_utc=pl.col("created").dt.replace_time_zone("UTC"))
    path = tmp_path / "t.parquet"
    frame.write_parquet(path)

    raw = read(path)

    assert raw.format == "parquet"
    assert column(raw, "ticket_id") == ["1001", None]
    assert column(raw, "created") == ["2023-10-01 14:30:00", "2023-10-01 15:00:00.250"]
    assert column(raw, "created_utc") == [
        "2023-10-01T14:30:00+00:00",
        "2023-10-01T15:00:00.250+00:00",
    ]
    assert column(raw, "score") == ["5", "4"]
    assert column(raw, "via.channel") == ["web", "app"]
    assert column(raw, ROW) == [1, 2]


def test_corrupt_parquet_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"bad\.pq: not a readable Parquet file"):
        read(write(tmp_path, "bad.pq", b"PAR1 this is not parquet PAR1"))


# --------------------------------------------------------------------------- gzip


def test_csv_gz_is_decompressed(tmp_path: Path) -> None:
    text = "\n".join([GB_HEADER, *GB_ROWS]) + "\n"
    raw = read(write(tmp_path, "export.CSV.gz", gzip.compress(text.encode("gb18030"))))
    assert raw.compression == "gzip"
    assert raw.format == "csv"
    assert raw.encoding == "gb18030"
    assert column(raw, "工单编号") == ["GD20231001001", "GD20231001002"]


def test_jsonl_gz_is_decompressed(tmp_path: Path) -> None:
    raw = read(write(tmp_path, "e.jsonl.gz", gzip.compress(b'{"id": 1}\n{"id": 2}\n')))
    assert raw.compression == "gzip"
    assert raw.format == "jsonl"
    assert column(raw, "id") == ["1", "2"]


def test_uncompressed_file_has_no_compression(tmp_path: Path) -> None:
    assert read(write(tmp_path, "a.csv", b"a\n1\n")).compression is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"id,name\n1,a\n", "not a gzip file"),
        (gzip.compress(b"id,name\n" * 100)[:30], "corrupt or truncated gzip"),
    ],
)
def test_corrupt_gzip_is_an_input_error(tmp_path: Path, data: bytes, expected: str) -> None:
    with pytest.raises(InputError) as info:
        read(write(tmp_path, "t.csv.gz", data))
    assert "t.csv.gz" in str(info.value) and expected in str(info.value)
    assert "id,name" not in str(info.value)


# --------------------------------------------------------------------------- bad paths


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.csv: file not found"):
        read(tmp_path / "nope.csv")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    with pytest.raises(InputError, match=r"dir\.csv: is a directory"):
        read(folder)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", "empty.csv: file is empty"),
        ("blank.csv", b"\r\n\n  \n", "blank.csv: file is empty (no header row)"),
        ("commas.tsv", b",,,\n", "commas.tsv: file is empty (no header row)"),
        ("empty.json", b"  \n", "empty.json: file is empty"),
        ("empty.jsonl", b"\n\n", "empty.jsonl: file is empty"),
        ("empty.csv.gz", gzip.compress(b""), "empty.csv.gz: file is empty"),
    ],
)
def test_empty_files(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    with pytest.raises(InputError) as info:
        read(write(tmp_path, name, data))
    assert expected in str(info.value)


def test_empty_xlsx_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Sheet1")
    workbook.close()
    with pytest.raises(InputError, match=r"empty\.xlsx: sheet 'Sheet1' is empty"):
        read(path)


def test_unknown_suffix_lists_supported_suffixes(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read(write(tmp_path, "tickets.xml", b"<tickets/>"))
    message = str(info.value)
    assert "tickets.xml" in message and "'.xml'" in message
    for suffix in (".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".parquet"):
        assert suffix in message


def test_permission_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: a chmod-based test cannot fail to read as root.
    path = write(tmp_path, "secret.csv", b"a\n1\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"secret\.csv: permission denied"):
        read(path)


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert read(write(tmp_path, "UPPER.JSONL", b'{"a": 1}\n')).format == "jsonl"


# --------------------------------------------------------------------------- inputs untouched


def test_reading_never_modifies_the_input(tmp_path: Path) -> None:
    xlsx = tmp_path / "w.xlsx"
    _write_workbook(xlsx)
    frame = pl.DataFrame({"a": [1]})
    frame.write_parquet(tmp_path / "p.parquet")
    paths = [
        xlsx,
        tmp_path / "p.parquet",
        write(tmp_path, "a.csv", "\ufeffid,x\n1,2\n3\n".encode()),
        write(tmp_path, "b.jsonl.gz", gzip.compress(b'{"id": 1, "messages": [{"a": 1}]}\nxx\n')),
        write(tmp_path, "c.json", b'{"tickets": [{"id": 1}], "users": [{"id": 2}]}'),
    ]
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}

    for path in paths:
        read(path)

    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["w.xlsx", "p.parquet", "a.csv", "b.jsonl.gz", "c.json"]
    )
