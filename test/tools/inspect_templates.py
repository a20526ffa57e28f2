"""Lint CloudFormation/SAM templates with cfn-lint and expand SAM ones with the SAM translator.

Usage: python3 inspect_templates.py [--ignore-checks=RULE,...] [--no-templates] TEMPLATE [TEMPLATE ...]
Prints one JSON object: {path: {"lint": [match...], "source": parsed template, "template": expanded (SAM) or
parsed template, "error": str|null}}.
--no-templates leaves "source" and "template" out (for many templates, when only lint and error matter).
One process for every template, so the tools' start-up is paid once. Offline: the SAM translator gets a
local managed-policy loader and a placeholder S3 CodeUri/ContentUri.
"""

import copy
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the translator derives the partition from it

from cfnlint.api import ManualArgs, lint_file  # noqa: E402
from cfnlint.decode import decode  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"


class LocalPolicyLoader:
    """Managed policy names to ARNs, without calling IAM."""

    def load(self):
        names = [
            "AWSLambdaBasicExecutionRole",
            "AWSXrayWriteOnlyAccess",
            "AWSXRayDaemonWriteAccess",
            "CloudWatchLambdaApplicationSignalsExecutionRolePolicy",
        ]
        return {name: f"arn:aws:iam::aws:policy/{name}" for name in names}


def is_sam(template):
    transforms = template.get("Transform", [])
    return SAM_TRANSFORM in (transforms if isinstance(transforms, list) else [transforms])


def with_placeholder_code(template):
    template = copy.deepcopy(template)
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            props["CodeUri"] = "s3://placeholder-bucket/function.zip"
        if resource.get("Type") == "AWS::Serverless::LayerVersion" and isinstance(props.get("ContentUri"), str):
            props["ContentUri"] = "s3://placeholder-bucket/layer.zip"
    return template


def plain(value):
    """cfn-lint's decoded nodes (dict_node, str_node...) as plain JSON values."""
    return json.loads(json.dumps(value, default=str))


def inspect(path, ignore_checks):
    result = {"lint": [], "source": None, "template": None, "error": None}
    matches = lint_file(Path(path), config=ManualArgs(ignore_checks=ignore_checks) if ignore_checks else None)
    result["lint"] = [
        {
            "rule": m.rule.id,
            "level": m.rule.severity,
            "message": m.message,
            "path": "/".join(str(p) for p in (m.path or [])),
            "line": m.linenumber,
        }
        for m in matches
    ]
    template, decode_matches = decode(path)
    if template is None:
        result["error"] = "; ".join(str(m) for m in decode_matches)
        return result
    template = result["source"] = plain(template)
    if is_sam(template):
        try:
            template = transform(with_placeholder_code(template), {}, LocalPolicyLoader())
        except Exception as error:  # the translator's own message is the useful part
            result["error"] = f"SAM translator: {error}"
            return result
    result["template"] = template
    return result


def main(argv):
    ignore = []
    paths = []
    keep = True
    for arg in argv:
        if arg == "--no-templates":
            keep = False
        elif arg.startswith("--ignore-checks="):
            ignore.extend(filter(None, arg.split("=", 1)[1].split(",")))
        else:
            paths.append(arg)
    results = {path: inspect(path, ignore) for path in paths}
    if not keep:
        for result in results.values():
            result["source"] = result["template"] = None
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1:])
