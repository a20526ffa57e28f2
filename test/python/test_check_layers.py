"""scripts/check_layers.py of a generated project (TRACE_PROJECT), against a local stand-in for Lambda's
GetLayerVersionByArn and SSM's GetParameter (AWS_ENDPOINT_URL): current, behind, and when it cannot tell
(no endpoint, no credentials, a region without the layer). Each run is the script as a user runs it."""

import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import PROJECT, SCRIPTS

SCRIPT = SCRIPTS / "check_layers.py"
LAYER_ARN = re.compile(r"arn:aws(?:-cn|-us-gov)?:lambda:([a-z0-9-]+):\d{12}:layer:[A-Za-z0-9_-]+:(\d+)")
sys.path.insert(0, str(SCRIPTS))
import check_layers  # noqa: E402

REGION = "eu-west-1"


def project_arn(region=REGION):
    text = (PROJECT / check_layers.CONFIG["iac_file"]).read_text(encoding="utf-8")
    found = sorted({m.group(0) for m in LAYER_ARN.finditer(text) if m.group(1) == region})
    return found[0] if found else None


class StandIn(ThreadingHTTPServer):
    """Lambda's and SSM's answers for the published versions `published` (layer base ARN -> newest version)."""

    def __init__(self, published, ssm_value=None):
        super().__init__(("127.0.0.1", 0), Handler)
        self.published, self.ssm_value, self.asked = published, ssm_value, []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, error_type=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if error_type:
            self.send_header("x-amzn-ErrorType", error_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # Lambda GetLayerVersionByArn: GET /2018-10-31/layers?find=LayerVersion&Arn=...
        query = parse_qs(urlparse(self.path).query)
        arn = query.get("Arn", [""])[0]
        self.server.asked.append(arn)
        base, _, version = arn.rpartition(":")
        if query.get("find") == ["LayerVersion"] and int(version) <= self.server.published.get(base, 0):
            return self.reply(200, {"LayerVersionArn": arn, "Version": int(version), "LayerArn": base})
        self.reply(404, {"Type": "User", "message": f"The resource you requested does not exist. {arn}"}, "ResourceNotFoundException")

    def do_POST(self):  # SSM GetParameter (JSON protocol)
        length = int(self.headers.get("Content-Length", 0))
        name = json.loads(self.rfile.read(length) or b"{}").get("Name")
        if self.headers.get("X-Amz-Target") == "AmazonSSM.GetParameter" and self.server.ssm_value:
            return self.reply(200, {"Parameter": {"Name": name, "Type": "String", "Value": self.server.ssm_value, "Version": 1}})
        self.reply(400, {"__type": "ParameterNotFound", "message": name})


@pytest.fixture
def stand_in():
    servers = []

    def start(published, ssm_value=None):
        server = StandIn(published, ssm_value)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def run(endpoint, *args, credentials=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_REGION=REGION, AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_MAX_ATTEMPTS="1")
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
    if credentials:
        env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    result = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def url(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


needs_layer = pytest.mark.skipif(not check_layers.CONFIG["layer"], reason="this flavor has no tracing layer")
pinned = pytest.mark.skipif(project_arn() is None, reason="the layer is resolved from SSM at deploy time")


@needs_layer
@pinned
def test_current_layers_exit_0(stand_in):
    arn = project_arn()
    base, _, version = arn.rpartition(":")
    server = stand_in({base: int(version)}, ssm_value=arn)
    result = run(url(server))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"are current in {REGION}" in result.stdout
    # It asked for the project's version, then looked ahead for newer ones.
    assert server.asked[:2] == [arn, f"{base}:{int(version) + 1}"]


@needs_layer
@pinned
def test_a_newer_version_exits_1_naming_it_and_the_upgrade(stand_in):
    arn = project_arn()
    base, _, version = arn.rpartition(":")
    newer = int(version) + 2  # a version number skipped in between, as publishers do
    server = stand_in({base: newer}, ssm_value=f"{base}:{newer}")
    server.published[base] = newer
    result = run(url(server))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{base}: version {version} in {check_layers.CONFIG['iac_file']}, {newer} published" in result.stdout
    assert "npx create-traced-lambda@latest upgrade" in result.stdout


@needs_layer
def test_an_unreachable_endpoint_exits_2_with_one_line(stand_in):
    server = stand_in({})
    address = url(server)
    server.shutdown()
    server.server_close()
    result = run(address)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: cannot tell whether the layers are current:")
    assert len(result.stderr.strip().splitlines()) == 1


@needs_layer
def test_no_credentials_exits_2_with_one_line(stand_in):
    server = stand_in({})
    result = run(url(server), credentials=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "cannot tell" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@needs_layer
@pinned
def test_a_region_without_the_layer_exits_2_naming_the_flag(stand_in):
    server = stand_in({})
    result = run(url(server), "--region", "xx-nowhere-1")
    assert result.returncode == 2
    assert "--region" in result.stderr


@pytest.mark.skipif(bool(check_layers.CONFIG["layer"]), reason="this flavor has a tracing layer")
def test_a_flavor_without_a_layer_has_nothing_to_check():
    result = run(None)
    assert result.returncode == 0 and "nothing to check" in result.stdout


@pytest.mark.skipif(project_arn() is not None or not check_layers.CONFIG["ssm_parameter"], reason="the layer is pinned, or has no SSM parameter")
def test_a_layer_resolved_from_ssm_at_deploy_names_the_latest(stand_in):
    latest = "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:40"
    server = stand_in({}, ssm_value=latest)
    result = run(url(server))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"resolved from {check_layers.CONFIG['ssm_parameter']} at each deploy: now {latest}" in result.stdout
