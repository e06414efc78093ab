"""Whatever the engine, a file is read and mapped the same way.

The in-memory engine reads a file whole, the stream engine in batches; both
go through one path (``io/readers/batches`` then ``io/mapped_batches``), a
whole file being its one-batch case. What the report says about a file must
not depend on which engine read it, nor on how many batches it came in,
except where the docs say so (the bounded tally of unmapped values, below).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svccheck.io import unmapped
from svccheck.io.base import ReadOptions
from svccheck.io.load import iter_pieces, one_piece
from svccheck.io.profiles import SHIPPED_DIR, load_profile
from svccheck.io.readers import BUILTIN_READERS

GENERIC = load_profile(SHIPPED_DIR / "generic.yaml")

# 30 priorities the generic profile does not know (weird0..weird29), then a
# ragged row: T99 has 2 fields under a 3-field header (a problem on row 31).
EXPORT = ("id,priority,created_at\n"
          + "".join(f"T{i},weird{i},2025-11-03 09:00\n" for i in range(30))
          + "T99,urgent\n")


def _read(path: Path, batch_bytes: int | None, name: str | None = None):
    pieces = iter_pieces([path], readers=BUILTIN_READERS, profiles={"generic": GENERIC},
                         profile=GENERIC, timezone="UTC", options=ReadOptions(),
                         batch_bytes=batch_bytes, names={path: name} if name else None)
    return one_piece(pieces)


@pytest.mark.parametrize("batch_bytes", [None, 64, 1 << 20], ids=["whole", "tiny", "large"])
def test_rows_problems_and_summary_name_the_file_alike(tmp_path: Path,
                                                       batch_bytes: int | None) -> None:
    """A name given for the file (``--stdin-filename ./in//t.csv``) is normalised
    once: the ragged row's problem names the file as its tickets and the
    report's input list do, on every engine."""
    path = tmp_path / "t.csv"
    path.write_text(EXPORT)
    piece = _read(path, batch_bytes, name="./in//t.csv")
    assert piece.summary is not None and piece.summary.path == "in/t.csv"
    assert piece.tickets is not None
    assert piece.tickets.get_column("_source").unique().to_list() == ["in/t.csv"]
    assert piece.problems.select("_source", "_row").rows() == [("in/t.csv", 31)]
    assert piece.summary.rows == 31


def test_unmapped_values_of_a_file_in_one_batch_are_counted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report lists 20 unmapped values and says how many more there are.

    Only a file in several batches bounds its tally (to ``MAX_TALLIED``
    values per field, a lower bound then, as documented); read whole, or in
    one batch, the count of the rest is exact."""
    monkeypatch.setattr(unmapped, "MAX_TALLIED", 5)
    path = tmp_path / "t.csv"
    path.write_text(EXPORT)
    for batch_bytes in (None, 1 << 20):
        summary = _read(path, batch_bytes).summary
        assert summary is not None
        assert len(summary.unmapped_values["priority"]) == unmapped.TOP_UNMAPPED
        assert summary.unmapped_more == {"priority": 30 - unmapped.TOP_UNMAPPED}
    batched = _read(path, 64).summary
    assert batched is not None
    assert len(batched.unmapped_values["priority"]) <= 5
