"""Run add-tracing's Python Aspect module (traced_lambda.py) over a small app built from stand-ins for aws_cdk, and
print the template those stand-ins make of the result.

Usage: python3 cdk_aspect_py.py MODULE_FILE [LAYER_JSON]

aws-cdk-lib for Python cannot be installed here (no PyPI), so this stands in for the few aws_cdk classes the
module uses, with the behaviour it relies on: L1 properties, property overrides, Stack.resolve (tokens as
CloudFormation intrinsics, IResolvable objects through their resolve(context)), an L2 Function over its
CfnFunction and Role (active tracing grants X-Ray write, as the CDK does), an imported role, construct paths
and metadata. The app: a Python function with its own environment and layer, a Node.js function, a bare
CfnFunction with its CfnRole, a function with an imported role, a CDK helper (custom-resource metadata), an
excluded function ("Shop/Legacy"), a runtime no flavor supports (python3.9), a REST API stage, and a function as a project `create` made has it (active
tracing, and the flavor's layer given as LAYER_JSON: {"kind": "mapping", "arns": {...}} or {"kind": "ssm",
"parameter": ...}). It visits every construct as Aspects do, then prints
{"template": {...}, "warnings": [[path, id], ...]}: the test checks that template with the same checks as the
TypeScript Aspect's synthesized ones.
"""

import importlib.util
import json
import sys
import types

WARNINGS = []


class Node:
    def __init__(self, construct, scope, id_):
        self._construct, self.scope, self.id = construct, scope, id_
        self.children, self.metadata, self.default_child = [], [], None
        if scope is not None:
            scope.node.children.append(construct)

    @property
    def path(self):
        parts = [n.node.id for n in self.scopes if n.node.id]
        return "/".join(parts)

    @property
    def scopes(self):
        chain, c = [], self._construct
        while c is not None:
            chain.insert(0, c)
            c = c.node.scope
        return chain

    def find_all(self):
        found = [self._construct]
        for child in self.children:
            found.extend(child.node.find_all())
        return found

    def try_find_child(self, id_):
        return next((c for c in self.children if c.node.id == id_), None)

    def add_metadata(self, type_, data):
        self.metadata.append(types.SimpleNamespace(type=type_, data=data))


class Construct:
    def __init__(self, scope, id_):
        self.node = Node(self, scope, id_)


class Ref:
    """A token: resolves to an intrinsic."""

    def __init__(self, value):
        self.value = value


class Context:
    def __init__(self, stack):
        self.stack = stack

    def resolve(self, value):
        return self.stack.resolve(value)


class Stack(Construct):
    @staticmethod
    def of(construct):
        c = construct
        while not isinstance(c, Stack):
            c = c.node.scope
        return c

    def resolve(self, value):
        if isinstance(value, Ref):
            return self.resolve(value.value() if callable(value.value) else value.value)
        if isinstance(value, str) and "${AWS::Partition}" in value:
            before, after = value.split("${AWS::Partition}", 1)
            return {"Fn::Join": ["", [before, {"Ref": "AWS::Partition"}, after]]}
        if isinstance(value, str) and value == "${AWS::Region}":
            return {"Ref": "AWS::Region"}
        if isinstance(value, (list, tuple)):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if hasattr(value, "resolve") and callable(value.resolve):
            return self.resolve(value.resolve(Context(self)))
        return value


class CfnElement(Construct):
    @property
    def logical_id(self):
        """Made of the construct path below the stack, without the L2's "Resource" (unique, like the CDK's)."""
        return "".join(part for part in self.node.path.split("/")[1:] if part != "Resource")


class CfnResource(CfnElement):
    def __init__(self, scope, id_):
        super().__init__(scope, id_)
        self.overrides = {}

    def add_property_override(self, path, value):
        self.overrides[path] = value


class CfnFunction(CfnResource):
    @staticmethod
    def TracingConfigProperty(mode):
        return {"mode": mode}

    def __init__(self, scope, id_, *, runtime, role, layers=None, environment=None, tracing_config=None, architectures=None):
        super().__init__(scope, id_)
        self.runtime, self.role, self.layers, self.environment = runtime, role, layers, environment
        self.tracing_config, self.architectures = tracing_config, architectures


class CfnRole(CfnResource):
    def __init__(self, scope, id_, managed_policy_arns=None):
        super().__init__(scope, id_)
        self.managed_policy_arns = managed_policy_arns
        self.attr_arn = Ref(lambda: {"Fn::GetAtt": [self.logical_id, "Arn"]})


class CfnStage(CfnResource):
    def __init__(self, scope, id_):
        super().__init__(scope, id_)
        self.tracing_enabled = None


class CfnMapping(CfnElement):
    def __init__(self, scope, id_, *, mapping):
        super().__init__(scope, id_)
        self.mapping = mapping

    def find_in_map(self, key1, key2):
        return Ref({"Fn::FindInMap": [self.node.id, {"Ref": "AWS::Region"}, key2]})

    def _toCloudFormation(self):  # noqa: N802 (the JavaScript name, as jsii.invoke calls it)
        return {"Mappings": {self.node.id: self.mapping}}


class CfnParameter(CfnElement):
    def __init__(self, scope, id_, *, default):
        super().__init__(scope, id_)
        self.default = default


class CfnRule(CfnElement):
    def __init__(self, scope, id_, *, assertions):
        super().__init__(scope, id_)
        self.assertions = assertions


class PolicyStatement:
    def __init__(self, *, actions, resources):
        self.statement = {"Effect": "Allow", "Action": actions, "Resource": resources[0]}


class Role(Construct):
    def __init__(self, scope, id_):
        super().__init__(scope, id_)
        basic = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        self.node.default_child = CfnRole(self, "Resource", managed_policy_arns=[basic])
        self.statements = []

    def add_to_principal_policy(self, statement):
        self.statements.append(statement.statement)


class ImportedRole(Construct):
    pass


class Function(Construct):
    """The L2: its CfnFunction, a new Role unless given one; active tracing grants X-Ray write, as the CDK does."""

    def __init__(self, scope, id_, *, runtime, role=None, environment=None, layers=None, tracing=False, architecture="x86_64"):
        super().__init__(scope, id_)
        self.role = role or Role(self, "ServiceRole")
        role_arn = self.role.node.default_child.attr_arn if isinstance(self.role, Role) else "arn:aws:iam::123456789012:role/imported"
        env = {"variables": environment} if environment else None
        self.node.default_child = CfnFunction(
            self, "Resource", runtime=runtime, role=role_arn, layers=layers, environment=env, architectures=[architecture],
            tracing_config={"mode": "Active"} if tracing else None,
        )
        if tracing and isinstance(self.role, Role):
            self.role.add_to_principal_policy(PolicyStatement(actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources=["*"]))


class Annotations:
    def __init__(self, construct):
        self.construct = construct

    @staticmethod
    def of(construct):
        return Annotations(construct)

    def add_warning_v2(self, id_, message):
        WARNINGS.append([self.construct.node.path, id_, message])


class StringParameter:
    @staticmethod
    def value_for_string_parameter(stack, name):
        id_ = "SsmParameterValue" + "".join(ch for ch in name if ch.isalnum())
        param = stack.node.try_find_child(id_) or CfnParameter(stack, id_, default=name)
        return Ref({"Ref": param.node.id})


def install():
    aws_cdk = types.ModuleType("aws_cdk")
    names = dict(
        Annotations=Annotations, CfnMapping=CfnMapping, CfnParameter=CfnParameter, CfnRule=CfnRule, Stack=Stack,
        Aws=types.SimpleNamespace(REGION="${AWS::Region}", PARTITION="${AWS::Partition}"),
        Fn=types.SimpleNamespace(condition_contains=lambda values, value: {"Fn::Contains": [values, {"Ref": "AWS::Region"}]}),
        Token=types.SimpleNamespace(is_unresolved=lambda value: not isinstance(value, str)),
        CfnRuleAssertion=lambda assert_, assert_description: {"Assert": assert_, "AssertDescription": assert_description},
        IAspect=object, IResolvable=object,
        aws_apigateway=types.SimpleNamespace(CfnStage=CfnStage),
        aws_iam=types.SimpleNamespace(CfnRole=CfnRole, Role=Role, IRole=object, PolicyStatement=PolicyStatement),
        aws_lambda=types.SimpleNamespace(CfnFunction=CfnFunction, Function=Function),
        aws_ssm=types.SimpleNamespace(StringParameter=StringParameter),
    )
    for name, value in names.items():
        setattr(aws_cdk, name, value)
    constructs = types.ModuleType("constructs")
    constructs.IConstruct = Construct
    jsii = types.ModuleType("jsii")
    jsii.implements = lambda *interfaces: (lambda cls: cls)
    jsii.invoke = lambda obj, method, args: getattr(obj, method)(*args)
    sys.modules.update({"aws_cdk": aws_cdk, "constructs": constructs, "jsii": jsii})
    for sub in ("aws_apigateway", "aws_iam", "aws_lambda", "aws_ssm"):
        sys.modules[f"aws_cdk.{sub}"] = names[sub]


def made_layer(stack, layer):
    """The layer a project `create` made gives its function: through a mapping named TracingLayer, or an SSM parameter."""
    if layer.get("kind") == "mapping":
        mapping = CfnMapping(stack, "TracingLayer", mapping={region: {"Arn": arn} for region, arn in layer["arns"].items()})
        assertion = {"Assert": {"Fn::Contains": [list(layer["arns"]), {"Ref": "AWS::Region"}]}}
        CfnRule(stack, "TracingLayerRegion", assertions=[assertion])
        return [mapping.find_in_map("${AWS::Region}", "Arn")]
    if layer.get("kind") == "ssm":
        return [StringParameter.value_for_string_parameter(stack, layer["parameter"])]
    return None


def build_app(layer):
    app = Construct(None, "")
    stack = Stack(app, "Shop")
    Function(stack, "Made", runtime="python3.13", layers=made_layer(stack, layer), tracing=True)
    Function(stack, "Orders", runtime="python3.13", environment={"POWERTOOLS_LOG_LEVEL": "DEBUG"}, layers=["arn:aws:lambda:eu-west-1:123456789012:layer:deps:3"])
    Function(stack, "Worker", runtime="python3.12", architecture="arm64", tracing=True)
    Function(stack, "Notify", runtime="nodejs22.x")
    raw_role = CfnRole(stack, "RawRole")
    CfnFunction(stack, "Raw", runtime="python3.12", role=raw_role.attr_arn)
    Function(stack, "Export", runtime="python3.12", role=ImportedRole(stack, "Imported"))
    helper = Function(stack, "CustomCDKHelper", runtime="python3.13")
    helper.node.add_metadata("aws:cdk:is-custom-resource-handler-singleton", True)
    Function(stack, "Legacy", runtime="python3.13")
    Function(stack, "Old", runtime="python3.9")
    CfnStage(stack, "Stage")
    return app, stack


def synth(stack):
    """The stand-ins' template: resources by a logical id made of the construct path, as the checks read them."""
    template = {"Resources": {}, "Mappings": {}, "Rules": {}, "Parameters": {}}
    for c in stack.node.find_all():
        if isinstance(c, CfnFunction):
            props = {
                "Runtime": c.runtime, "Architectures": c.architectures or ["x86_64"],
                "Role": stack.resolve(c.role), "Layers": stack.resolve(c.layers),
                "Environment": {"Variables": dict((stack.resolve(c.environment) or {}).get("variables") or {})},
            }
            if c.tracing_config:
                props["TracingConfig"] = {"Mode": stack.resolve(c.tracing_config)["mode"]}
            for path, value in c.overrides.items():
                if path.startswith("Environment.Variables."):
                    props["Environment"]["Variables"][path.split(".", 2)[2]] = value
                else:
                    props[path] = stack.resolve(value)
            template["Resources"][c.logical_id] = {"Type": "AWS::Lambda::Function", "Properties": props}
        elif isinstance(c, CfnRole):
            arns = stack.resolve(c.overrides.get("ManagedPolicyArns", c.managed_policy_arns)) or []
            template["Resources"][c.logical_id] = {"Type": "AWS::IAM::Role", "Properties": {"ManagedPolicyArns": arns}}
        elif isinstance(c, CfnStage):
            template["Resources"][c.logical_id] = {"Type": "AWS::ApiGateway::Stage", "Properties": {"TracingEnabled": c.tracing_enabled}}
        elif isinstance(c, CfnMapping):
            template["Mappings"][c.logical_id] = c.mapping
        elif isinstance(c, CfnRule):
            template["Rules"][c.logical_id] = {"Assertions": stack.resolve(c.assertions)}
        elif isinstance(c, CfnParameter):
            template["Parameters"][c.logical_id] = {"Type": "AWS::SSM::Parameter::Value<String>", "Default": c.default}
        elif isinstance(c, Role) and c.statements:
            role_id = c.node.default_child.logical_id
            template["Resources"][role_id + "DefaultPolicy"] = {
                "Type": "AWS::IAM::Policy",
                "Properties": {"Roles": [{"Ref": role_id}], "PolicyDocument": {"Statement": c.statements}},
            }
    return template


def main(module_file, made="{}"):
    install()
    spec = importlib.util.spec_from_file_location("traced_lambda", module_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app, stack = build_app(json.loads(made))
    aspect = module.TracedLambda(exclude=["Shop/Legacy"])
    for construct in app.node.find_all():
        aspect.visit(construct)
    print(json.dumps({"template": synth(stack), "warnings": WARNINGS}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
