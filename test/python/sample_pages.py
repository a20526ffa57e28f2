"""Writes the HTML pages the browser test loads, with the generated project's waterfall.py:
OUT/trace-invocation.html (Lambda's older layout, with a fault, an error, a throttle, an in-progress
subsegment and log lines) and OUT/trace-direct.html (the newer layout).

    TRACE_PROJECT=DIR python3 sample_pages.py OUT
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import load_documents  # noqa: E402  (puts the project's scripts/ on sys.path)
from test_waterfall_text import fault_trace  # noqa: E402

import waterfall  # noqa: E402

LOGS = [
    "START RequestId: 7d1c3b2a-5e4f-4a6b-8c9d-0e1f2a3b4c5d Version: $LATEST",
    '{"level":"INFO","location":"hello:24","message":"Hello world API - HTTP 200","service":"hello-traced-lambda",'
    '"xray_trace_id":"1-6655d0a0-4c1a9e2b7d3f5a6b8c0d1e2f"}',
    "END RequestId: 7d1c3b2a-5e4f-4a6b-8c9d-0e1f2a3b4c5d",
]

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
(out / "trace-invocation.html").write_text(
    waterfall.render_html(fault_trace(), "hello-traced-lambda: GET /hello (cold start)", logs=LOGS), encoding="utf-8")
(out / "trace-direct.html").write_text(
    waterfall.render_html(load_documents("trace-direct"), "hello-traced-lambda: GET /hello"), encoding="utf-8")
