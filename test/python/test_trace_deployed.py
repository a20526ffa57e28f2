"""scripts/trace_deployed.py of a generated project, end to end: moto in server mode stands in for
CloudFormation and X-Ray (through AWS_ENDPOINT_URL), and a local http.server for API Gateway + Lambda.
The script runs in a child process from a copy of the project, as a user runs it.

The stand-in API records the X-Amzn-Trace-Id header it receives, answers {"message": "hello world"},
and then writes, with PutTraceSegments, the segments API Gateway and Lambda would write for that trace
id: the recorded fixture documents, moved to that trace id and to now, with the handler's
subsegments named as the project's CONFIG["expected"] says (Powertools and the X-Ray SDK: their
`## ...` subsegments; ADOT: the handler's span). The Lambda segments come first and API Gateway's a
little later, so the script polls over a partial trace.
"""

import copy
import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from conftest import PROJECT, SCRIPTS, find, load_documents

TRACE_ID = re.compile(r"1-[0-9a-f]{8}-[0-9a-f]{24}")


def load_script():
    spec = importlib.util.spec_from_file_location("trace_deployed", SCRIPTS / "trace_deployed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = load_script()
EXPECTED = SCRIPT.CONFIG["expected"]
# Where the generated project says its stack is (samconfig.toml, else CONFIG): the stacks go there.
STACK, REGION = SCRIPT.settings(SCRIPT.parse_args([]))
OTHER_REGION = "sa-east-1" if REGION != "sa-east-1" else "eu-north-1"


# --- The stand-ins ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def moto_url():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)    # no request log lines
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def with_expected_names(docs):
    """The fixture's handler subsegments (## lambda_handler holding ## app.hello) renamed to the
    project's expected pieces, outermost first; the ones beyond the list are dropped."""
    assert 1 <= len(EXPECTED) <= 2
    handler = find(docs, "## lambda_handler")
    handler["name"] = EXPECTED[0]
    if len(EXPECTED) == 2:
        find([handler], "## app.hello")["name"] = EXPECTED[1]
    else:
        handler.pop("subsegments", None)
    return docs


def segments_for(trace_id, style, omit=()):
    """The fixture trace's segment documents for `trace_id`, shifted to now, without `omit` names."""
    docs = with_expected_names(copy.deepcopy(load_documents(f"trace-{style}")))
    shift = time.time() - min(d["start_time"] for d in docs)

    def move(doc):
        doc["start_time"] += shift
        doc["end_time"] += shift
        doc["subsegments"] = [move(s) for s in doc.get("subsegments", []) if s["name"] not in omit]
        if not doc["subsegments"]:
            del doc["subsegments"]
        return doc

    for doc in docs:
        doc["trace_id"] = trace_id
    return [move(doc) for doc in docs]


class StandIn:
    """API Gateway + Lambda on 127.0.0.1: GET /<scenario>/hello. Scenarios:
    invocation, direct (complete traces in Lambda's two layouts), missing (the last expected piece left out),
    never (no segments at all), broken (HTTP 502)."""

    def __init__(self, moto_url):
        self.headers = []               # the X-Amzn-Trace-Id headers received
        self.writers = []
        self.xray = boto3.client("xray", region_name=REGION, endpoint_url=moto_url,
                                 aws_access_key_id="testing", aws_secret_access_key="testing")
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                scenario = self.path.strip("/").split("/")[0]
                header = self.headers.get("X-Amzn-Trace-Id", "")
                stand_in.headers.append(header)
                if scenario == "broken":
                    return self.answer(502, {"message": "Internal server error"})
                self.answer(200, {"message": "hello world"})
                root = dict(p.split("=", 1) for p in header.split(";") if "=" in p).get("Root")
                if root and scenario != "never":
                    style = "direct" if scenario == "direct" else "invocation"
                    omit = (EXPECTED[-1],) if scenario == "missing" else ()
                    stand_in.write_later(segments_for(root, style, omit))

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def write_later(self, docs):
        """Lambda's segments after 0.3 s, API Gateway's after 0.8 s: the script sees a partial trace first."""
        lambda_docs = [d for d in docs if d.get("origin", "").startswith("AWS::Lambda")]
        others = [d for d in docs if d not in lambda_docs]

        def write():
            for delay, batch in ((0.3, lambda_docs), (0.5, others)):
                time.sleep(delay)
                answer = self.xray.put_trace_segments(TraceSegmentDocuments=[json.dumps(d) for d in batch])
                assert answer["UnprocessedTraceSegments"] == []

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        self.writers.append(writer)

    def stop(self):
        for writer in self.writers:
            writer.join(5)
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def stand_in(moto_url):
    server = StandIn(moto_url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stacks(moto_url, stand_in):
    """One CloudFormation stack per scenario, its HelloWorldApi output the stand-in's URL."""
    cloudformation = boto3.client("cloudformation", region_name=REGION, endpoint_url=moto_url,
                                  aws_access_key_id="testing", aws_secret_access_key="testing")
    urls = {
        "invocation": f"{stand_in.url}/invocation/hello",
        "direct": f"{stand_in.url}/direct/",              # a stage URL: the script appends hello
        "missing": f"{stand_in.url}/missing/hello",
        "never": f"{stand_in.url}/never/hello",
        "broken": f"{stand_in.url}/broken/hello",
    }
    names = {scenario: f"hello-{scenario}" for scenario in urls}
    names["direct"] = STACK                       # the project's own stack: found without flags
    for scenario, url in urls.items():
        template = {
            "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
            "Outputs": {"HelloWorldApi": {"Description": "stand-in API", "Value": url},
                        "Other": {"Value": "x"}},
        }
        cloudformation.create_stack(StackName=names[scenario], TemplateBody=json.dumps(template))
    cloudformation.create_stack(StackName="hello-no-output", TemplateBody=json.dumps(
        {"Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"Other": {"Value": "x"}}}))
    return urls


@pytest.fixture
def project(tmp_path):
    """A copy of the generated project."""
    copy_dir = tmp_path / "project"
    shutil.copytree(PROJECT, copy_dir, ignore=shutil.ignore_patterns("__pycache__", "node_modules", ".venv"))
    return copy_dir


def aws_env(moto_url, region):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(
        AWS_ENDPOINT_URL=moto_url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true",
        NO_PROXY="127.0.0.1,localhost", COLUMNS="100", PYTHONDONTWRITEBYTECODE="1",
    )
    if region:
        env["AWS_REGION"] = region
    return env


def run(project, moto_url, *args, region=OTHER_REGION, timeout=60):
    """The script as a user runs it. AWS_REGION is another region than the project's: the
    project's configuration must win over it."""
    return subprocess.run([sys.executable, str(project / "scripts" / "trace_deployed.py"), *args],
                          env=aws_env(moto_url, region), cwd=project, capture_output=True, text=True,
                          timeout=timeout)


FAST = ("--interval", "0.2")


# --- End to end ------------------------------------------------------------------------------

def test_complete_trace_exits_0_and_draws_the_waterfall(project, moto_url, stacks, stand_in):
    html = project / "trace.html"
    result = run(project, moto_url, "--stack-name", "hello-invocation", "--timeout", "15", *FAST,
                 "--html", str(html))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    trace_id = TRACE_ID.search(result.stdout).group()
    assert stand_in.headers[-1] == f"Root={trace_id};Sampled=1"      # its own header, sampled
    out = result.stdout
    assert f"GET {stacks['invocation']}  (trace {trace_id})" in out
    assert '200 {"message": "hello world"}' in out
    assert f"Trace {trace_id}" in out
    for name in ("hello-traced-lambda/Prod", "(Stage)", "(Lambda)", "(Function)", "Initialization",
                 "Invocation", "Overhead", *EXPECTED):
        assert name in out, name
    rows = [line for line in out.splitlines() if "█" in line]
    assert rows and "\x1b" not in out                                  # not a terminal: no colour
    assert [line for line in out.splitlines() if len(line) > 80 and not line.startswith(("GET ", "Wrote "))] == []  # 80 columns
    assert out.rstrip().endswith("Trace complete: API Gateway, Lambda function, " + ", ".join(EXPECTED))
    page = html.read_text()
    assert page.count('class="bar"') == 7 + len(EXPECTED) and trace_id in page


def test_without_flags_it_finds_the_projects_stack_in_the_new_layout(project, moto_url, stacks, stand_in):
    # The stack and region come from the project (samconfig.toml or CONFIG), not from AWS_REGION.
    result = run(project, moto_url, "--timeout", "15", *FAST, region=OTHER_REGION)
    assert result.returncode == 0, result.stderr
    assert f"GET {stacks['direct']}hello" in result.stdout             # a stage URL ending in /
    assert f"X-Ray ({REGION})" in result.stdout
    assert all(name in result.stdout for name in EXPECTED)
    assert "Invocation" not in result.stdout and "Trace complete" in result.stdout


def test_missing_piece_exits_1_names_it_and_draws_what_arrived(project, moto_url, stacks):
    result = run(project, moto_url, "--stack-name", "hello-missing", "--timeout", "2", *FAST)
    assert result.returncode == 1
    assert "hello-traced-lambda/Prod" in result.stdout                 # what arrived is drawn
    error = result.stderr.strip()
    assert error.startswith("error: trace 1-") and "incomplete" in error
    assert error.endswith(f"missing: subsegment {EXPECTED[-1]!r}")
    assert "Traceback" not in result.stderr and len(error.splitlines()) == 1
    assert "Trace complete" not in result.stdout


def test_trace_that_never_arrives_exits_1_after_the_timeout(project, moto_url, stacks):
    started = time.monotonic()
    result = run(project, moto_url, "--stack-name", "hello-never", "--timeout", "1.5", *FAST)
    assert result.returncode == 1
    assert 1.5 <= time.monotonic() - started < 30   # waits the timeout, not much longer
    assert "did not arrive in X-Ray within 1.5 s" in result.stderr
    assert "Traceback" not in result.stderr and "Trace complete" not in result.stdout


def test_missing_stack_exits_1_with_one_message(project, moto_url, stacks):
    result = run(project, moto_url, "--stack-name", "no-such-stack", "--timeout", "1")
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: stack 'no-such-stack' in {REGION}: "
                                    "Stack with id no-such-stack does not exist")


def test_missing_output_exits_1(project, moto_url, stacks):
    result = run(project, moto_url, "--stack-name", "hello-no-output", "--timeout", "1")
    assert result.returncode == 1
    assert "has no output 'HelloWorldApi'; its outputs: Other" in result.stderr


def test_api_error_exits_1_naming_what_it_received(project, moto_url, stacks):
    result = run(project, moto_url, "--stack-name", "hello-broken", "--timeout", "1")
    assert result.returncode == 1
    assert "answered HTTP 502" in result.stderr and "Internal server error" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_region_flag_wins(project, moto_url, stacks):
    result = run(project, moto_url, "--stack-name", "hello-invocation", "--region", "ap-south-1", "--timeout", "1")
    assert result.returncode == 1 and "in ap-south-1: Stack with id hello-invocation does not exist" in result.stderr


def test_aws_region_is_used_when_the_project_names_no_region(project, moto_url, stacks):
    script = project / "scripts" / "trace_deployed.py"
    text = script.read_text()
    assert f'"region": {json.dumps(REGION)},' in text
    script.write_text(text.replace(f'"region": {json.dumps(REGION)},', '"region": None,'))
    (project / "samconfig.toml").unlink(missing_ok=True)
    result = run(project, moto_url, "--stack-name", "hello-invocation", "--timeout", "1", region="ap-south-1")
    assert result.returncode == 1 and "in ap-south-1: Stack with id hello-invocation" in result.stderr


def test_unreachable_api_exits_1(project, moto_url, stacks):
    # The stack exists but the URL refuses connections (nothing listens on port 9 of 127.0.0.1).
    cloudformation = boto3.client("cloudformation", region_name=REGION, endpoint_url=moto_url,
                                  aws_access_key_id="testing", aws_secret_access_key="testing")
    cloudformation.create_stack(StackName="hello-unreachable", TemplateBody=json.dumps({
        "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"HelloWorldApi": {"Value": "http://127.0.0.1:9/Prod/hello"}}}))
    result = run(project, moto_url, "--stack-name", "hello-unreachable", "--timeout", "1")
    assert result.returncode == 1
    assert result.stderr.startswith("error: GET http://127.0.0.1:9/Prod/hello failed: ")
    assert "Traceback" not in result.stderr


def integration_test(project, moto_url, stack):
    env = aws_env(moto_url, OTHER_REGION)
    env.pop("AWS_SAM_STACK_NAME", None)
    if stack:
        env["AWS_SAM_STACK_NAME"] = stack
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", "tests/integration"],
                          env=env, cwd=project, capture_output=True, text=True, timeout=300)


def test_the_projects_integration_test_runs_the_check(project, moto_url, stacks):
    passed = integration_test(project, moto_url, "hello-invocation")
    assert passed.returncode == 0 and "1 passed" in passed.stdout, passed.stdout + passed.stderr
    failed = integration_test(project, moto_url, "hello-broken")
    assert failed.returncode == 1 and "answered HTTP 502" in failed.stdout, failed.stdout
    skipped = integration_test(project, moto_url, None)
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout and "AWS_SAM_STACK_NAME" in skipped.stdout


# --- Pieces, in process ----------------------------------------------------------------------

def test_missing_pieces_counts_both_lambda_layouts():
    import waterfall
    for style in ("invocation", "direct"):
        found = waterfall.entities(with_expected_names(load_documents(f"trace-{style}")))
        assert SCRIPT.missing_pieces(found, EXPECTED) == []
    only_function = waterfall.entities([d for d in with_expected_names(load_documents("trace-direct"))
                                        if d.get("origin") == "AWS::Lambda::Function"])
    assert SCRIPT.missing_pieces(only_function, EXPECTED + ["## other"]) == [
        "the API Gateway stage segment (origin AWS::ApiGateway::Stage)", "subsegment '## other'"]
    assert SCRIPT.missing_pieces([], EXPECTED) == ["every segment (nothing arrived)"]


def test_samconfig_deploy_parameters_override_global(tmp_path):
    path = tmp_path / "samconfig.toml"
    path.write_text('[default.global.parameters]\nstack_name = "a"\nregion = "eu-west-1"\n'
                    '[default.deploy.parameters]\nstack_name = "b"\n')
    assert SCRIPT.read_samconfig(path) == {"stack_name": "b", "region": "eu-west-1"}
    assert SCRIPT.read_samconfig(tmp_path / "absent.toml") == {}
    path.write_text("not [ toml")
    with pytest.raises(SCRIPT.Failure, match="cannot read"):
        SCRIPT.read_samconfig(path)


def test_settings_precedence(tmp_path, monkeypatch):
    monkeypatch.setattr(SCRIPT, "PROJECT", tmp_path)
    monkeypatch.setenv("AWS_REGION", "sa-east-1")
    args = SCRIPT.parse_args([])
    config = SCRIPT.CONFIG
    assert SCRIPT.settings(args) == (config["stack_name"], config["region"])   # no samconfig.toml here
    (tmp_path / "samconfig.toml").write_text('[default.deploy.parameters]\nstack_name = "s"\nregion = "eu-north-1"\n')
    from_file = ("s", "eu-north-1") if config["config_file"] == "samconfig.toml" else (config["stack_name"], config["region"])
    assert SCRIPT.settings(args) == from_file
    assert SCRIPT.settings(SCRIPT.parse_args(["--stack-name", "f", "--region", "us-west-2"])) == ("f", "us-west-2")
    monkeypatch.setitem(SCRIPT.CONFIG, "region", None)
    monkeypatch.setitem(SCRIPT.CONFIG, "config_file", None)
    assert SCRIPT.settings(args) == (config["stack_name"], "sa-east-1")       # then AWS_REGION


def test_trace_id_format():
    trace_id = SCRIPT.new_trace_id()
    assert TRACE_ID.fullmatch(trace_id)
    assert abs(int(trace_id[2:10], 16) - time.time()) < 5
