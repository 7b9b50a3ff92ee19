"""Export 100,000 achievements through the app's export path, next to openpyxl alone:

    DEBUG=1 .venv/bin/python bench/achievements_export.py [rows] [ours|openpyxl]

Rows are EXPORT_FIELDS tuples made lazily, as `selectors.export_values(...)` streams them from
the database, and turned into cells by the same `spreadsheets.export_rows` the view uses, then
written by `documents.xlsx_streaming_response`. The baseline writes the same cells with
openpyxl's write-only workbook and nothing else (no formula neutralising, no row building).
Each variant runs in its own process so that peak RSS (ru_maxrss) is its own; run without the
last argument to run both and compare. Memory should not grow with the row count.
"""

import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "efficiency_center.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402

from achievements.spreadsheets import export_headers, export_labels, export_row  # noqa: E402
from efficiency_center.documents import xlsx_streaming_response  # noqa: E402

UNITS = [("县发展和改革委员会", "D01"), ("县财政局", "D03"), ("县环境保护局", "D06")]
UNITS += [("县行政服务中心环保窗口", "S01"), ("县药监局稽查大队", "S03")]
CATEGORIES = ["101%服务", "百户企业大走访", "百名科长联百企", "百个站所进万家", "其他"]
FOCUS = ["approval", "service", "enforcement", "fees", "rules"]
STATES = ["draft", "submitted", "approved", "published"]
TZ = datetime.timezone(datetime.timedelta(hours=8))


def values(count):
    """EXPORT_FIELDS tuples, made lazily like a queryset .values_list().iterator()."""
    filed = datetime.datetime(2026, 3, 15, 9, 0, tzinfo=TZ)
    for i in range(count):
        unit, code = UNITS[i % len(UNITS)]
        state = STATES[i % len(STATES)]
        yield (
            unit, code, 1 + i % 4, f"四个“提前介入”优化服务（第{i}项）", FOCUS[i % 5],
            CATEGORIES[i % 5], i % 3 == 0,
            "在项目咨询、环评文件编制、受理、审批四个阶段提前介入，提前草拟审批意见。",
            i % 200, i % 30, i % 50, i % 700, Decimal(i % 1000) / 10,
            "建设项目业主", datetime.date(2026, 1, 5), datetime.date(2026, 3, 10),
            state, None, state == "published", filed if state == "published" else None,
            i % 10 == 0, filed,
        )  # fmt: skip


def ours(count):
    labels = export_labels()
    rows = (export_row(v, labels) for v in values(count))
    response = xlsx_streaming_response("服务实绩.xlsx", export_headers(), rows)
    size = sum(len(block) for block in response.streaming_content)
    response.close()
    return size


def plain_openpyxl(count):
    """openpyxl's own write-only rate on the same cells (built the same way, naive datetimes)."""
    labels = export_labels()
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(export_headers())
    for v in values(count):
        row = export_row(v, labels)
        sheet.append(
            [c.replace(tzinfo=None) if isinstance(c, datetime.datetime) else c for c in row]
        )
    with tempfile.TemporaryFile() as output:
        workbook.save(output)
        return output.tell()


def run(count, variant):
    started = time.perf_counter()
    size = (ours if variant == "ours" else plain_openpyxl)(count)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{variant:9} {count:>7} rows  {seconds:6.1f} s  {count / seconds:8.0f} rows/s  "
        f"{size / 1e6:5.1f} MB file  peak RSS {peak_mb:6.0f} MB"
    )


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if len(sys.argv) > 2:
        run(count, sys.argv[2])
        return
    for variant in ("ours", "openpyxl"):
        subprocess.run([sys.executable, __file__, str(count), variant], check=True)


if __name__ == "__main__":
    main()
