"""Shared helpers of the tests of a generated project's scripts/ (waterfall.py, trace_deployed.py).

TRACE_PROJECT names the generated project under test (test/verify/trace.test.ts renders one per
distinct rendering of the scripts); its scripts/ folder is importable.
"""

import copy
import json
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PROJECT = Path(os.environ["TRACE_PROJECT"]).resolve()
SCRIPTS = PROJECT / "scripts"
sys.path.insert(0, str(SCRIPTS))

FUNCTION_NAME = "hello-traced-lambda-HelloWorldFunction-k3Jd8Qp2XcVb"


def load_segments(name):
    """The Segments of a recorded BatchGetTraces answer: [{"Id": ..., "Document": "<json>"}]."""
    answer = json.loads((FIXTURES / f"{name}.json").read_text())
    return answer["Traces"][0]["Segments"]


def load_documents(name):
    """The same trace as parsed segment documents (dicts, subsegments still nested)."""
    return [json.loads(s["Document"]) for s in load_segments(name)]


def find(documents, name):
    """The first (sub)segment named `name`, searching nested subsegments too (for editing copies)."""
    stack = list(documents)
    while stack:
        doc = stack.pop(0)
        if doc.get("name") == name:
            return doc
        stack += doc.get("subsegments") or []
    raise KeyError(name)


@pytest.fixture
def invocation_docs():
    """Lambda's older layout: Initialization / Invocation (holding the handler) / Overhead."""
    return copy.deepcopy(load_documents("trace-invocation"))


@pytest.fixture
def direct_docs():
    """Lambda's newer layout: the handler subsegments directly under the function segment."""
    return copy.deepcopy(load_documents("trace-direct"))
