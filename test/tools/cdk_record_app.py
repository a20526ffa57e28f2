"""Run a CDK Python app's entry (app.py) against cdk_record.py's recording stand-ins for aws_cdk, and print its calls.

Usage: python3 cdk_record_app.py PROJECT_DIR ENTRY

aws-cdk-lib for Python cannot be installed here (no PyPI): this runs the entry for real, its stacks' constructors
and the add-tracing Aspect's module import included, and records each aws_cdk call (App(), Aspects.of(app),
.add(...), app.synth()). An object of the app's own classes (the Aspect) is recorded as its public methods.
"""

import json
import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import cdk_record  # noqa: E402


def main(project, entry):
    cdk_record.PROJECT = project
    cdk_record.install_fakes()
    sys.path.insert(0, project)
    runpy.run_path(str(Path(project) / entry), run_name="__main__")
    print(json.dumps({"calls": cdk_record.CALLS}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
