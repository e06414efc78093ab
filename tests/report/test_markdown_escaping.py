"""The Markdown report renders a ticket's text as text.

The category below is what a customer-service agent might paste into a
field -- Markdown and HTML that GitHub would render in a pull-request
comment or a job summary: a link, an image (fetched from a stranger's
server), emphasis, a mention that notifies someone, an issue reference, a
table-breaking pipe. The report quotes it (record.allowed-values names the
unknown value); rendered with a CommonMark + GFM-tables renderer, it must be
inert text in its table cell.
"""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

HOSTILE = ("**bold** _it_ [click](https://e.vil/x) ![img](https://e.vil/i.png) "
           "@admin #12 <b>b</b> a|b ~~gone~~ `code` $x$ www.e.vil")
EXPORT = (
    "id,customer_id,category,description,priority,status,created_at,assignee\n"
    f'T1,C1,"{HOSTILE}",x,normal,open,2025-10-09 09:00,amy\n'
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append(0)
        if tag in ("td", "th"):
            self.rows[-1] += 1

    def handle_data(self, data):
        self.text.append(data)


def render(svccheck, tmp_path, category: str) -> tuple[str, Tags]:
    (tmp_path / "t.csv").write_text(EXPORT.replace(f'"{HOSTILE}"', f'"{category}"'),
                                    encoding="utf-8")
    run = svccheck("check", "t.csv", "--select", "record.allowed-values", "--format",
                   "markdown", "--as-of", "2025-11-30 18:00")
    assert run.code == 1
    tags = Tags()
    tags.feed(MarkdownIt("commonmark").enable("table").enable("strikethrough").render(run.out))
    return run.out, tags


def test_data_renders_as_text(svccheck, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plain = render(svccheck, tmp_path, "other")[1]
    out, hostile = render(svccheck, tmp_path, HOSTILE)
    # the same elements as for a harmless value: nothing from the data became markup,
    # and no table cell was split by the pipe
    assert hostile.tags == plain.tags
    assert hostile.rows == plain.rows
    text = " ".join(" ".join(hostile.text).split()).replace("\u200b", "")
    assert "**bold** _it_ [click](https://e.vil/x) ![img](https://e.vil/i.png)" in text
    assert "<b>b</b> a|b ~~gone~~ `code` $x$" in text
    # a mention, an issue reference and a bare address reach GitHub broken up
    assert "@admin" not in out and "#12" not in out and "https://e.vil" not in out
