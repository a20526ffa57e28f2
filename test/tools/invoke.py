"""Invoke a generated project's handler, as Lambda would, and collect what it sends to X-Ray.

Usage: python3 invoke.py PROJECT_DIR [--trace]
Prints JSON: {"response": ..., "segments": [entity, ...], "logs": [log line, ...], "stderr": "..."}.

With --trace, a UDP socket on 127.0.0.1 stands in for the X-Ray daemon, and the handler runs in a child
process with LAMBDA_TASK_ROOT, a sampled _X_AMZN_TRACE_ID and AWS_XRAY_DAEMON_ADDRESS set, so the X-Ray
SDK (directly or through Powertools Tracer) builds its facade segment and streams subsegments to us.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time

CHILD = r"""
import json, logging, sys


class LambdaJsonLines(logging.Handler):
    # Prints each record as Lambda's JSON log format does (awslambdaric's JsonFormatter): the message,
    # then every attribute the record has beyond the standard ones (what a filter or record factory added).

    STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

    def emit(self, record):
        extras = {k: v for k, v in record.__dict__.items() if k not in self.STANDARD}
        print("LOG " + json.dumps({"message": record.getMessage(), "logger": record.name, **extras}, default=str))


logging.getLogger().addHandler(LambdaJsonLines())
sys.path.insert(0, sys.argv[1] + "/hello_world")
import app

class Context:
    function_name = "HelloWorldFunction"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:HelloWorldFunction"
    aws_request_id = "52fdfc07-2182-154f-163f-5f0f9a621d72"
    log_group_name = "/aws/lambda/HelloWorldFunction"
    log_stream_name = "local"
    def get_remaining_time_in_millis(self):
        return 10000

event = json.load(open(sys.argv[1] + "/events/hello.json"))
response = app.lambda_handler(event, Context())
print("RESPONSE " + json.dumps(response))
"""


def new_trace_id():
    return f"1-{int(time.time()):08x}-{secrets.token_hex(12)}"


def main(project, trace):
    env = dict(os.environ)
    for key in ("LAMBDA_TASK_ROOT", "_X_AMZN_TRACE_ID", "AWS_XRAY_DAEMON_ADDRESS", "AWS_SAM_LOCAL"):
        env.pop(key, None)
    sock = None
    trace_id = None
    if trace:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(0.3)
        port = sock.getsockname()[1]
        trace_id = new_trace_id()
        env.update(
            LAMBDA_TASK_ROOT=os.path.join(project, "hello_world"),
            _X_AMZN_TRACE_ID=f"Root={trace_id};Parent={secrets.token_hex(8)};Sampled=1",
            AWS_XRAY_DAEMON_ADDRESS=f"127.0.0.1:{port}",
        )
    env.setdefault("AWS_REGION", "us-east-1")
    # The function's environment from the template, as conftest sets it for the unit tests.
    child = subprocess.run(
        [sys.executable, "-c", CHILD, project], env=env, capture_output=True, text=True, timeout=60, cwd=project
    )
    response = None
    for line in child.stdout.splitlines():
        if line.startswith("RESPONSE "):
            response = json.loads(line[len("RESPONSE "):])
    # Log lines: the root handler's (LOG ...) and Powertools Logger's own JSON lines.
    logs = [json.loads(line[4:]) for line in child.stdout.splitlines() if line.startswith("LOG ")]
    logs += [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    segments = []
    if sock is not None:
        while True:
            try:
                data, _ = sock.recvfrom(65535)
            except socket.timeout:
                break
            header, _, body = data.decode().partition("\n")
            segments.append({"header": json.loads(header), "entity": json.loads(body)})
        sock.close()
    print(json.dumps({
        "exitCode": child.returncode,
        "response": response,
        "traceId": trace_id,
        "segments": segments,
        "logs": logs,
        "stdout": child.stdout,
        "stderr": child.stderr,
    }))


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]), "--trace" in sys.argv[2:])
