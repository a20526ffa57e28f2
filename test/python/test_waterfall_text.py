"""waterfall.py: reading segment documents, the tree, and the text rendering."""

import io
import json
import re

import pytest
from conftest import FUNCTION_NAME, find, load_documents, load_segments

import waterfall

WIDTHS = range(40, 201)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BLOCKS = waterfall.FULL + waterfall.EIGHTHS[1:]

INVOCATION_ORDER = [
    ("hello-traced-lambda/Prod", 0),
    ("Lambda", 1),                     # API Gateway's subsegment, parent of the AWS::Lambda segment
    (FUNCTION_NAME, 2),                # AWS::Lambda
    (FUNCTION_NAME, 3),                # AWS::Lambda::Function
    ("Initialization", 4),
    ("Invocation", 4),
    ("## lambda_handler", 5),
    ("## app.hello", 6),
    ("Overhead", 4),
]
DIRECT_ORDER = [
    ("hello-traced-lambda/Prod", 0),
    ("Lambda", 1),
    (FUNCTION_NAME, 2),
    (FUNCTION_NAME, 3),
    ("## lambda_handler", 4),
    ("## app.hello", 5),
]


def order(items):
    return [(row.entity["name"], row.depth) for row in waterfall.layout(items).rows]


# --- Reading documents and building the tree ------------------------------------------------

def test_entities_accepts_batch_get_traces_items_dicts_and_json_text():
    from_api = waterfall.entities(load_segments("trace-invocation"))
    from_dicts = waterfall.entities(load_documents("trace-invocation"))
    from_text = waterfall.entities([s["Document"] for s in load_segments("trace-invocation")])
    assert len(from_api) == len(from_dicts) == len(from_text) == 9
    assert {e["id"] for e in from_api} == {e["id"] for e in from_dicts} == {e["id"] for e in from_text}
    assert all("subsegments" not in e for e in from_api)


def test_nested_subsegments_get_their_container_as_parent_and_its_trace_id():
    found = {e["name"]: e for e in waterfall.entities(load_segments("trace-invocation"))}
    assert found["## app.hello"]["parent_id"] == found["## lambda_handler"]["id"]
    assert found["## lambda_handler"]["parent_id"] == found["Invocation"]["id"]
    assert found["## app.hello"]["trace_id"] == found["hello-traced-lambda/Prod"]["trace_id"]


def test_a_finished_document_wins_over_an_in_progress_one_with_the_same_id():
    done = {"id": "a" * 16, "name": "x", "trace_id": "1-0-0", "start_time": 1.0, "end_time": 2.0}
    running = {"id": "a" * 16, "name": "x", "trace_id": "1-0-0", "start_time": 1.0, "in_progress": True}
    assert waterfall.entities([done, running]) == [done]
    assert waterfall.entities([running, done]) == [done]


def test_tree_follows_parent_ids_across_segments_old_layout(invocation_docs):
    assert order(invocation_docs) == INVOCATION_ORDER


def test_tree_new_layout_without_invocation(direct_docs):
    assert order(direct_docs) == DIRECT_ORDER


def test_order_does_not_depend_on_document_order(invocation_docs):
    assert order(list(reversed(invocation_docs))) == INVOCATION_ORDER


def test_children_are_ordered_by_start_time(invocation_docs):
    function = find(invocation_docs, "Invocation")["subsegments"][0]
    function["subsegments"].insert(0, {"id": "b" * 16, "name": "late", "start_time": 1716900000.787,
                                       "end_time": 1716900000.788})
    names = [name for name, _ in order(invocation_docs)]
    assert names.index("## app.hello") < names.index("late") < names.index("Overhead")


def test_orphans_whose_parent_is_absent_are_roots(invocation_docs):
    # Only the function segment arrived: its parent (the AWS::Lambda segment) is absent.
    function = [d for d in invocation_docs if d.get("origin") == "AWS::Lambda::Function"]
    rows = order(function)
    assert rows[0] == (FUNCTION_NAME, 0)
    assert ("## app.hello", 3) in rows


def test_a_parent_id_cycle_still_draws_every_entity_once():
    a = {"id": "a", "parent_id": "b", "name": "a", "start_time": 1.0, "end_time": 2.0}
    b = {"id": "b", "parent_id": "a", "name": "b", "start_time": 1.5, "end_time": 2.0}
    assert sorted(name for name, _ in order([a, b])) == ["a", "b"]


# --- Text: layout and width ------------------------------------------------------------------

def fault_trace():
    """The old-layout trace with a fault in ## app.hello, an error, a throttle, and Overhead in progress."""
    docs = load_documents("trace-invocation")
    find(docs, "## app.hello").update(
        fault=True, cause={"exceptions": [{"type": "ValueError", "message": "boom"}]})
    find(docs, "Lambda").update(error=True, http={"response": {"status": 404}})
    find(docs, "Initialization").update(throttle=True)
    overhead = find(docs, "Overhead")
    del overhead["end_time"]
    overhead["in_progress"] = True
    return docs


def awkward_trace():
    """Long and wide names, control characters, deep nesting and long annotations."""
    docs = fault_trace()
    node = find(docs, "## app.hello")
    node.update(name="## app.hello_with_a_really_long_name_that_goes_on_and_on_and_on_and_on_forever",
                annotations={f"key{i}": "value " * 5 for i in range(8)})
    find(docs, "Initialization")["name"] = "初期化フェーズ 🚀 with\ttab and \x1b[31m escape"
    for depth in range(25):                      # a very deep chain of subsegments
        child = {"id": f"deep{depth:012d}", "name": f"level {depth}",
                 "start_time": node["start_time"], "end_time": node["end_time"]}
        node.setdefault("subsegments", []).append(child)
        node = child
    return docs


LOGS = [
    "START RequestId: 7d1c3b2a-5e4f-4a6b-8c9d-0e1f2a3b4c5d Version: $LATEST",
    "[INFO]\t2024-05-28T12:40:00.563Z\t7d1c3b2a\tHello world API - HTTP 200 " + "x" * 300,
    '{"level":"INFO","message":"Hello world API - HTTP 200","xray_trace_id":"1-6655d0a0-4c1a9e2b7d3f5a6b8c0d1e2f"}',
    "ログ 行 " * 60,
    "",
]


@pytest.mark.parametrize("name", ["trace-invocation", "trace-direct", "fault", "awkward"])
def test_every_line_fits_every_width(name):
    docs = {"fault": fault_trace, "awkward": awkward_trace}.get(name, lambda: load_documents(name))()
    for width in WIDTHS:
        for color in (False, True):
            text = waterfall.render_text(docs, width=width, color=color, logs=LOGS)
            drawn = ANSI.sub("", text).split("\nLogs (trace")[0]   # the log lines are whole, not fitted
            for line in drawn.splitlines():
                assert waterfall._cells(line) <= width, (width, color, line)
                assert len(line) <= width, (width, color, line)


def test_no_escape_codes_without_color():
    for docs in (fault_trace(), awkward_trace()):
        for width in (40, 80, 200):
            assert "\x1b" not in waterfall.render_text(docs, width=width, color=False, logs=LOGS)


def test_color_by_origin_and_red_for_a_fault():
    text = waterfall.render_text(fault_trace(), width=100, color=True)
    lines = text.splitlines()
    stage = next(line for line in lines if "hello-traced-lambda/Prod" in line)
    hello = next(line for line in lines if "## app.hello" in line)
    assert stage.startswith(waterfall.ORIGIN_COLORS["AWS::ApiGateway::Stage"])
    assert hello.startswith(waterfall.RED)
    assert text.count(waterfall.RESET) > 0


def test_header_axis_rows_and_annotations(invocation_docs):
    text = waterfall.render_text(invocation_docs, width=100)
    lines = text.splitlines()
    assert lines[0] == "Trace 1-6655d0a0-4c1a9e2b7d3f5a6b8c0d1e2f  812.4 ms, 9 segments and subsegments"
    assert re.fullmatch(r" +0 ms ─+ 812\.4 ms", lines[1])
    rows = [line for line in lines if any(ch in BLOCKS for ch in line)]
    assert len(rows) == len(INVOCATION_ORDER)
    for line, (name, depth) in zip(rows, INVOCATION_ORDER):
        assert line[2 * depth:].startswith(name[:15]) and line[:2 * depth].strip() == "", line
    handler = next(i for i, line in enumerate(lines) if "## lambda_handler" in line)
    assert lines[handler].rstrip().endswith("225.6 ms")
    assert lines[handler + 1].strip() == "annotations: ColdStart=True, Service=hello-traced-lambda"
    # the annotation line is indented one level deeper than the name
    name_indent = len(lines[handler]) - len(lines[handler].lstrip())
    assert len(lines[handler + 1]) - len(lines[handler + 1].lstrip()) == name_indent + 2


def test_segments_are_tagged_with_their_origin(invocation_docs):
    text = waterfall.render_text(invocation_docs, width=200)
    assert f"{FUNCTION_NAME} (Lambda)" in text
    assert f"{FUNCTION_NAME} (Function)" in text
    assert "hello-traced-lambda/Prod (Stage)" in text


def test_fault_error_throttle_and_in_progress_are_marked():
    lines = waterfall.render_text(fault_trace(), width=100).splitlines()
    hello = next(i for i, line in enumerate(lines) if "## app.hello" in line)
    assert lines[hello].endswith("! 84.8 ms")
    assert lines[hello + 1].strip() == "fault: ValueError: boom"
    gateway_lambda = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Lambda "))
    assert lines[gateway_lambda + 1].strip() == "error (HTTP 404)"
    init = next(i for i, line in enumerate(lines) if "Initialization" in line)
    assert lines[init + 1].strip() == "throttle"
    overhead = next(line for line in lines if "Overhead" in line)
    assert overhead.endswith("in progress")


def bar_of(line, start, cells):
    """(lead, length) of the bar drawn in line[start:start + cells], length in cells with eighths."""
    text = line[start:start + cells]
    lead = next(i for i, ch in enumerate(text) if ch in BLOCKS)
    drawn = text[lead:].rstrip(" ")
    assert drawn.rstrip(waterfall.EIGHTHS[1:]).count(waterfall.FULL) == len(drawn.rstrip(waterfall.EIGHTHS[1:]))
    partial = waterfall.EIGHTHS.index(drawn[-1]) / 8 if drawn[-1] != waterfall.FULL else 1
    return lead, len(drawn) - 1 + partial


@pytest.mark.parametrize("name", ["trace-invocation", "trace-direct"])
def test_bars_are_placed_and_sized_on_the_time_axis_within_one_cell(name):
    docs = load_documents(name)
    trace = waterfall.layout(docs)
    for width in WIDTHS:
        lines = waterfall.render_text(docs, width=width).splitlines()
        rows = [line for line in lines if any(ch in BLOCKS for ch in line)]
        assert len(rows) == len(trace.rows)
        # The stage segment spans the whole trace, so its bar marks out the bar column.
        first = rows[0]
        start = next(i for i, ch in enumerate(first) if ch in BLOCKS)
        cells = len(first) - waterfall.DUR_WIDTH - 1 - start
        assert first[start:start + cells] == waterfall.FULL * cells
        for row, line in zip(trace.rows, rows):
            lead, length = bar_of(line, start, cells)
            want_lead = row.start / trace.duration * cells
            want_length = (row.end - row.start) / trace.duration * cells
            # The start is the nearest cell boundary (within one cell when the bar must stay inside
            # the column), the end exact to 1/16 of a cell unless the bar is the minimum 1/8 cell.
            assert abs(lead - want_lead) <= 1, (width, row.entity["name"])
            assert abs(length - want_length) <= 1, (width, row.entity["name"], length, want_length)
            assert abs((lead + length) - (want_lead + want_length)) <= 1 / 16 + 1e-9 or length == 1 / 8


def test_bar_function_edges():
    assert waterfall.bar(0, 1, 1, 10) == "█" * 10
    assert waterfall.bar(0, 0.5, 1, 10) == "█" * 5 + " " * 5
    assert waterfall.bar(0, 0.0625, 1, 10) == "▋" + " " * 9           # 5/8 of a cell
    assert waterfall.bar(1, 1, 1, 10) == " " * 9 + "█"                 # an instant at the end: last cell
    assert waterfall.bar(0, 0, 0, 10) == "▏" + " " * 9                 # zero-length trace


def test_in_progress_is_drawn_to_the_end_of_the_axis():
    lines = waterfall.render_text(fault_trace(), width=120).splitlines()
    overhead = next(line for line in lines if "Overhead" in line)
    bar_end = len(overhead) - waterfall.DUR_WIDTH - 1
    assert overhead[bar_end - 1] == waterfall.FULL


def test_logs_are_printed_under_a_heading(invocation_docs):
    text = waterfall.render_text(invocation_docs, width=80, logs=LOGS[:3])
    lines = text.splitlines()
    heading = lines.index("Logs (trace 1-6655d0a0-4c1a9e2b7d3f5a6b8c0d1e2f)")
    assert lines[heading + 1].startswith("START RequestId")
    assert "\t" not in text
    assert "xray_trace_id" in text


@pytest.mark.parametrize("width", [40, 80, 200])
def test_each_log_line_is_printed_whole_on_one_line(invocation_docs, width):
    """Log lines are what people copy and parse: never wrapped or cut, whatever the width."""
    text = waterfall.render_text(invocation_docs, width=width, logs=LOGS)
    lines = text.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("Logs (trace "))  # fitted to the width
    assert lines[heading + 1:] == [line.replace("\t", " ") for line in LOGS]
    assert json.loads(lines[heading + 3])["xray_trace_id"] == "1-6655d0a0-4c1a9e2b7d3f5a6b8c0d1e2f"


def test_control_characters_in_names_never_reach_the_terminal():
    doc = {"id": "a" * 16, "name": "evil\x1b]0;title\x07\x1b[31mred", "trace_id": "1-0-0",
           "start_time": 1.0, "end_time": 2.0, "annotations": {"k\x1b": "v\x1b[2J"}}
    text = waterfall.render_text([doc], width=80, logs=["log \x1b[31m line"])
    assert "\x1b" not in text and "\x07" not in text


def test_no_segments():
    assert waterfall.render_text([], width=40).splitlines() == [
        "Trace (no trace id)", "0.00 ms, 0 segments and subsegments", "No segments."]


# --- Terminal detection ----------------------------------------------------------------------

class FakeTTY(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def test_use_color():
    assert waterfall.use_color(FakeTTY(True), {"TERM": "xterm-256color"}) is True
    assert waterfall.use_color(FakeTTY(True), {}) is True
    assert waterfall.use_color(FakeTTY(False), {"TERM": "xterm"}) is False
    assert waterfall.use_color(FakeTTY(True), {"NO_COLOR": "1"}) is False
    assert waterfall.use_color(FakeTTY(True), {"NO_COLOR": ""}) is False      # any value, even empty
    assert waterfall.use_color(FakeTTY(True), {"TERM": "dumb"}) is False
    assert waterfall.use_color(object(), {}) is False                          # no isatty at all


def test_terminal_width_is_clamped(monkeypatch):
    import os
    for columns, expected in ((20, 40), (80, 80), (132, 132), (500, 200)):
        monkeypatch.setattr(waterfall.shutil, "get_terminal_size",
                            lambda fallback=(80, 24), c=columns: os.terminal_size((c, 24)))
        assert waterfall.terminal_width() == expected


def test_terminal_width_falls_back_to_80(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(waterfall.shutil, "get_terminal_size",
                        lambda fallback=(80, 24): __import__("os").terminal_size(fallback))
    assert waterfall.terminal_width() == 80


def test_the_recorded_fixtures_are_valid_json_documents():
    for name in ("trace-invocation", "trace-direct"):
        for segment in load_segments(name):
            doc = json.loads(segment["Document"])
            assert doc["id"] == segment["Id"] and doc["trace_id"].startswith("1-")


def test_output_width_is_the_terminals_only_for_a_terminal(monkeypatch):
    import os
    monkeypatch.setattr(waterfall.shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((132, 24)))
    assert waterfall.output_width(FakeTTY(True)) == 132
    assert waterfall.output_width(FakeTTY(False)) == 80       # piped or redirected, even with COLUMNS set
    assert waterfall.output_width(object()) == 80


def test_one_row_says_one_segment():
    one = {"id": "a" * 16, "name": "f", "trace_id": "1-0-0", "start_time": 1.0, "end_time": 1.5}
    assert waterfall.render_text([one], 80).splitlines()[0] == "Trace 1-0-0  500.0 ms, 1 segment"
