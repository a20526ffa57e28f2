"""waterfall.render_html: one self-contained page, checked with html.parser."""

import re
from html.parser import HTMLParser

from conftest import find, load_documents
from test_waterfall_text import DIRECT_ORDER, INVOCATION_ORDER, fault_trace

import waterfall


class Page(HTMLParser):
    """Collects the bars, rows, templates (details), URLs and text of a rendered page."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.bars, self.rows, self.urls, self.templates = [], [], [], {}
        self.tags, self.text, self._template = [], [], None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        for key in ("src", "href", "action", "data", "poster", "srcset"):
            if attrs.get(key):
                self.urls.append(attrs[key])
        classes = (attrs.get("class") or "").split()
        if "bar" in classes:
            self.bars.append(attrs)
        if "row" in classes:
            self.rows.append(attrs)
        if tag == "template":
            self._template = attrs["id"]
            self.templates[self._template] = []

    def handle_endtag(self, tag):
        if tag == "template":
            self._template = None

    def handle_data(self, data):
        (self.templates[self._template] if self._template else self.text).append(data)


def style(attrs, key):
    return float(re.search(rf"{key}:([0-9.]+)%", attrs["style"]).group(1))


def test_bars_in_tree_order_with_data_attributes():
    docs = load_documents("trace-invocation")
    page = Page(waterfall.render_html(docs, "hello trace"))
    assert [b["data-name"] for b in page.bars] == [name for name, _ in INVOCATION_ORDER]
    direct = Page(waterfall.render_html(load_documents("trace-direct"), "t"))
    assert [b["data-name"] for b in direct.bars] == [name for name, _ in DIRECT_ORDER]


def test_bar_geometry_is_proportional_to_time():
    docs = load_documents("trace-invocation")
    trace = waterfall.layout(docs)
    page = Page(waterfall.render_html(docs, "hello trace"))
    total_ms = trace.duration * 1000
    assert abs(total_ms - 812.4) < 0.001   # epoch floats: ~0.1 µs resolution
    for row, bar in zip(trace.rows, page.bars):
        start, duration = float(bar["data-start"]), float(bar["data-duration"])
        assert abs(start - row.start * 1000) < 0.001
        assert abs(duration - (row.end - row.start) * 1000) < 0.001
        assert abs(style(bar, "left") - 100 * start / total_ms) < 0.001
        assert abs(style(bar, "width") - 100 * duration / total_ms) < 0.001
    by_name = {b["data-name"]: b for b in page.bars}
    assert float(by_name["## app.hello"]["data-start"]) == 701.2
    assert abs(float(by_name["## app.hello"]["data-duration"]) - 84.8) < 0.001
    assert style(by_name["hello-traced-lambda/Prod"], "left") == 0
    assert style(by_name["hello-traced-lambda/Prod"], "width") == 100


def test_rows_are_indented_by_depth():
    html = waterfall.render_html(load_documents("trace-invocation"), "t")
    paddings = [float(p) for p in re.findall(r'class="label" style="padding-left:([0-9.]+)em"', html)]
    assert paddings == [round(depth * 1.2, 1) for _, depth in INVOCATION_ORDER]


def test_details_hold_annotations_metadata_http_and_the_fault():
    page = Page(waterfall.render_html(fault_trace(), "t"))
    index = next(i for i, b in enumerate(page.bars) if b["data-name"] == "## app.hello")
    assert page.rows[index]["data-flags"] == "fault"
    assert "fault" in page.rows[index]["class"].split()
    details = "".join(page.templates[f"detail-{index}"])
    for expected in ('"Route": "/hello"', '"app.hello response"', "ValueError", "boom", "fault"):
        assert expected in details
    stage = "".join(page.templates["detail-0"])
    assert '"status": 200' in stage and '"rest_api_id": "a1b2c3d4e5"' in stage
    running = next(i for i, b in enumerate(page.bars) if b["data-name"] == "Overhead")
    assert "running" in page.rows[running]["class"].split()


def test_self_contained_no_external_resources():
    html = waterfall.render_html(fault_trace(), "t", logs=["one line"])
    page = Page(html)
    assert not [u for u in page.urls if re.match(r"(https?:)?//", u)], page.urls
    assert all(tag not in ("link", "img", "iframe", "object", "embed") for tag, _ in page.tags)
    assert all(not attrs.get("src") for tag, attrs in page.tags if tag == "script")
    assert not re.search(r"@import|url\(", html)
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_all_text_is_escaped():
    docs = load_documents("trace-direct")
    evil = '<script>alert("x")</script>&"\''
    find(docs, "## app.hello").update(name=evil, annotations={"k": evil}, metadata={"ns": {evil: evil}})
    html = waterfall.render_html(docs, title=evil, logs=[evil])
    assert "<script>alert" not in html
    page = Page(html)
    assert any(b["data-name"] == evil for b in page.bars)        # attribute round-trips exactly
    assert evil in "".join(page.text)                            # title and logs, as text
    assert sum(tag == "script" for tag, _ in page.tags) == 1     # only the page's own script


def test_logs_with_their_trace_id():
    logs = ["START RequestId: 7d1c Version: $LATEST", "[INFO]\tHello world API - HTTP 200", "END RequestId: 7d1c"]
    page = Page(waterfall.render_html(load_documents("trace-invocation"), "t", logs=logs))
    text = "".join(page.text)
    assert "Logs" in text and "1-6655d0a0-4c1a9e2b7d3f5a6b8c0d1e2f" in text
    assert "\n".join(logs) in text


def test_empty_trace():
    page = Page(waterfall.render_html([], "nothing"))
    assert page.bars == [] and "No segments." in "".join(page.text)
