"""Run a generated CDK Python stack against a recording stand-in for aws_cdk, and print its calls.

Usage: python3 cdk_record.py PROJECT_DIR MODULE CLASS

aws-cdk-lib for Python comes from PyPI, which these machines cannot reach, so the stack cannot be
synthesized here. This runs the stack's code for real (every line of its constructor) with aws_cdk
replaced by objects that record each call: which construct or method, with which arguments. The
test compares that record with the same record of the TypeScript stack, which is type-checked and
synthesized with the real aws-cdk-lib. Names are normalized as jsii maps them (tracingEnabled and
tracing_enabled, assert_ and assert), so the two records are equal when the apps mirror each other.
Output: {"calls": [{"call": "aws_lambda.function", "args": [...], "result": "#3"}, ...]}.
"""

import importlib
import json
import re
import sys
import types

PROJECT = ""
CALLS = []


def norm(name):
    """The name as jsii would spell it in Python, lowercased: tracingEnabled, tracing_enabled -> tracing_enabled."""
    name = re.sub(r"_$", "", str(name))
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


class Ref:
    """A value from aws_cdk: a module, class, constant or construct. Calls on it are recorded."""

    def __init__(self, path):
        self._path = path

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Ref(f"{self._path}.{norm(name)}")

    def __call__(self, *args, **kwargs):
        if kwargs and not args:
            # A struct (StageOptions, BundlingOptions, CfnRuleAssertion): TypeScript writes an object literal.
            return {norm(key): serialize(value) for key, value in kwargs.items()}
        return record(self._path, list(args) + ([kwargs] if kwargs else []))

    def __iter__(self):
        raise TypeError(f"{self._path} is a CDK token, not a list")


def record(path, args):
    result = f"#{len(CALLS) + 1}"
    CALLS.append({"call": path, "args": [serialize(a) for a in args], "result": result})
    return Ref(result)


class Stack:
    def __init__(self, scope, construct_id, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Ref(f"self.{norm(name)}")


class Construct:
    pass


def serialize(value):
    if isinstance(value, Stack):
        return "self"
    if isinstance(value, Ref):
        return {"ref": value._path}
    if isinstance(value, (list, tuple)):
        return [serialize(v) for v in value]
    if isinstance(value, dict):
        return {norm(k): serialize(v) for k, v in value.items()}
    if isinstance(value, str):
        return value.replace(PROJECT, "<project>")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if callable(value):
        return "<function>"
    # An object of the app's own class (a local bundler): its public methods.
    return {norm(k): "<function>" for k in dir(value) if not k.startswith("_") and callable(getattr(value, k))}


def install_fakes():
    aws_cdk = types.ModuleType("aws_cdk")
    aws_cdk.Stack = Stack
    aws_cdk.__getattr__ = lambda name: Ref(norm(name))
    constructs = types.ModuleType("constructs")
    constructs.Construct = Construct
    constructs.IConstruct = Construct
    jsii = types.ModuleType("jsii")
    jsii.implements = lambda *interfaces: (lambda cls: cls)
    sys.modules.update({"aws_cdk": aws_cdk, "constructs": constructs, "jsii": jsii})


def main(project, module, cls):
    global PROJECT
    PROJECT = project
    install_fakes()
    sys.path.insert(0, project)
    stack_class = getattr(importlib.import_module(f"{module}.{module}_stack"), cls)
    stack_class(Construct(), "Stack")
    print(json.dumps({"calls": CALLS}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
