"""Export 100,000 rows x 12 columns through documents.xlsx_streaming_response, by hand:

    DEBUG=1 .venv/bin/python bench/xlsx_export.py [rows]

Prints rows per second (a plain run) and peak memory (a second run under tracemalloc, which is
slower, so it is not timed). Memory should not grow with the row count: try 10000 vs 100000.
"""

import datetime
import os
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "efficiency_center.settings")

import django  # noqa: E402

django.setup()

from efficiency_center.documents import xlsx_streaming_response  # noqa: E402

HEADERS = ["编号", "单位", "承诺事项", "类别", "提交日期", "审核时间", "得分", "权重", "是否公开"]
HEADERS += ["联系电话", "状态", "备注"]
UNITS = ["县发改委", "县财政局", "县环保局", "县药监局", "县药监局稽查大队", "县人社局"]
TZ = datetime.timezone(datetime.timedelta(hours=8))


def rows(count):
    # Made lazily, as a queryset .iterator() would, so the export alone is measured.
    start = datetime.datetime(2014, 1, 1, 9, 0, tzinfo=TZ)
    for i in range(count):
        yield [
            i + 1,
            UNITS[i % len(UNITS)],
            f"行政审批事项承诺时限比法定时限压缩50%以上（第{i}项）",
            "公开承诺",
            (start + datetime.timedelta(hours=i)).date(),
            start + datetime.timedelta(minutes=i),
            Decimal(i % 1000) / 10,
            0.25,
            i % 2 == 0,
            "0517-86800000",
            '=HYPERLINK("http://example.com")' if i % 100 == 0 else "已审核",
            "",
        ]


def export(count):
    response = xlsx_streaming_response("效能台账.xlsx", HEADERS, rows(count))
    size = sum(len(block) for block in response.streaming_content)
    response.close()
    return size


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    size = export(count)
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{count:,} rows x {len(HEADERS)} columns in {elapsed:.1f} s: {count / elapsed:,.0f} rows/s"
    )
    print(f"file: {size / 1e6:.1f} MB; peak RSS {rss_after / 1024:.0f} MB", end="")
    print(f" ({(rss_after - rss_before) / 1024:+.0f} MB during the export)")

    tracemalloc.start()
    export(count)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak Python memory during the export (tracemalloc): {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
