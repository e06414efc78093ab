"""Personal-data detection cost against the length of the text: linear up to the cell limit.

Issue "hardening, round two": one description made of repeated resident
IDs took 3.9 s at 5 kB, 15 s at 10 kB, 67 s at 20 kB and more than 300 s at
40 kB in ``privacy.pii-in-text`` -- quadratic. The claim is linear cost: the
time per kB the same at every size, up to the 1 MiB cell limit
(``--max-cell-bytes``' default, the largest cell svccheck reads).

Each text kind is measured at sizes from 1 KiB to 1 MiB doing what the rule
does with a cell (``detect`` with the rule's options, then every finding's
excerpt with ``excerpts``), best of ``--repeat`` runs (one at 256 KiB and
above). Kinds:

* ``ids``: resident IDs separated by spaces -- the issue's description,
  one value per 19 bytes, the most findings a text can hold;
* ``mobiles``: mobile numbers separated by spaces, one per 12 bytes: every
  one goes through the phonenumbers matcher, the slowest detector;
* ``ticket``: Chinese ticket text with a personal value (mobile, ID, card
  after a card word, e-mail, landline) every ~250 bytes, amid order
  numbers and times;
* ``clean``: the same ticket text without any value.

Columns: time, findings, microseconds per kB, and that figure divided by
the kind's figure at 16 KiB: a ratio near 1.0 at every size is linear cost
(quadratic cost doubles it at each doubling of the size).

``--cli`` also runs the real command on a one-ticket CSV export whose
description is the ``ids`` text, at the issue's sizes and at 1 MiB, with
``--select privacy.pii-in-text``: its wall time against the issue's.

    python bench/bench_pii_linear.py
    python bench/bench_pii_linear.py --cli
"""

from __future__ import annotations

import argparse
import platform
import random
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from svccheck.pii import STRICT, detect, excerpts
from svccheck.pii.check_digits import ID_CHECK, ID_WEIGHTS

KIB = 1024
SIZES = (1 * KIB, 4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB, 1024 * KIB)
REFERENCE = 16 * KIB
#: The issue's sizes for the command line, and the cell limit.
CLI_SIZES = (5_000, 10_000, 20_000, 40_000, 1024 * KIB)


def resident_id(rng: random.Random) -> str:
    body = (rng.choice(["110105", "330106", "440305", "510104"])
            + f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            + f"{rng.randint(0, 999):03d}")
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "186", "177"]) + f"{rng.randint(0, 10**8 - 1):08d}"


_CLEAN = ["客户反映订单迟迟未发货，已联系仓库核实。", "订单号20251009123456的物流信息停在广州。",
          "客服于2025-10-09 14:30回电，客户表示理解。", "已为客户登记退款申请，预计3个工作日到账。",
          "客户询问保修政策，已说明整机保修一年。", "问题已转交技术支持，工单号GD20251020-0005。"]


def personal(rng: random.Random) -> str:
    return rng.choice([
        f"客户电话{mobile(rng)}。", f"身份证号{resident_id(rng)}。",
        "银行卡号6222021234567890128。", f"邮箱 user{rng.randint(1, 999)}@example.com。",
        f"座机0571-{rng.randint(2000_0000, 8999_9999)}。",
    ])


def text_of(kind: str, size: int, seed: int = 7) -> str:
    """About ``size`` bytes of UTF-8 text of ``kind``, never over it."""
    rng = random.Random(seed)
    pieces: list[str] = []
    length = 0
    while True:
        if kind == "ids":
            piece = resident_id(rng) + " "
        elif kind == "mobiles":
            piece = mobile(rng) + " "
        else:
            piece = rng.choice(_CLEAN)
            if kind == "ticket" and rng.random() < 0.3:
                piece += personal(rng)
        cost = len(piece.encode())
        if length + cost > size:
            return "".join(pieces)
        pieces.append(piece)
        length += cost


def measure(text: str, repeat: int) -> tuple[float, int]:
    """Best seconds of the rule's work on one cell, and the findings it gives."""
    best = float("inf")
    found = 0
    for _ in range(repeat):
        start = time.perf_counter()
        detections = detect(text, STRICT)
        excerpts(text, detections)
        best = min(best, time.perf_counter() - start)
        found = len(detections)
    return best, found


def cli(size: int) -> tuple[float, int]:
    """Wall seconds and exit code of the real command on an ``ids`` description of ``size``."""
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "t.csv"
        export.write_text("id,customer_id,category,description,priority,status,created_at\n"
                          f"T1,C1,problem,{text_of('ids', size)},normal,open,2025-10-09 09:00\n",
                          encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "svccheck", "check", str(export), "--select",
             "privacy.pii-in-text", "--format", "json", "-o", str(Path(folder) / "r.json"),
             "--as-of", "2025-11-30"], capture_output=True, check=False)
        return time.perf_counter() - start, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size below 256 KiB")
    parser.add_argument("--kinds", default="ids,mobiles,ticket,clean")
    parser.add_argument("--cli", action="store_true", help="also time the command line")
    args = parser.parse_args(argv)
    print(f"# {platform.system()} {platform.machine()}, Python {platform.python_version()}, "
          f"polars {version('polars')}, phonenumbers {version('phonenumbers')}")
    measure(text_of("ticket", 4 * KIB), 1)  # phonenumbers loads its metadata on first use
    print("| text | size (bytes) | findings | time (s) | µs per kB | vs 16 KiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in args.kinds.split(","):
        per_kb: dict[int, float] = {}
        rows = []
        for size in SIZES:
            text = text_of(kind, size)
            seconds, found = measure(text, args.repeat if size < 256 * KIB else 1)
            per_kb[size] = seconds * 1e6 / (len(text.encode()) / 1000)
            rows.append((size, len(text.encode()), found, seconds))
        for size, length, found, seconds in rows:
            ratio = per_kb[size] / per_kb[REFERENCE]
            print(f"| {kind} | {length:,} | {found:,} | {seconds:.3f} | {per_kb[size]:,.0f} "
                  f"| {ratio:.2f} |", flush=True)
    if args.cli:
        print()
        print("| command: ids description | size (bytes) | exit | wall (s) |")
        print("|---|---:|---:|---:|")
        for size in CLI_SIZES:
            seconds, code = cli(size)
            print(f"| `svccheck check --select privacy.pii-in-text` | {size:,} | {code} "
                  f"| {seconds:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
