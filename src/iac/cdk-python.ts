/**
 * The AWS CDK app in Python, laid out like `cdk init app --language python`: app.py, a package
 * holding the stack, cdk.json, requirements*.txt, source.bat and a unit test of the stack. The
 * CDK flavor (cdk.ts) plans these files for `--cdk-language python`.
 */
import type { ProjectSpec } from '../model/spec.js';
import { CDK_CLI_VERSION, CDK_LIB_VERSION, CDK_RECOMMENDED_FLAGS } from './cdk-shared.js';
import { callApi, commented, listTraces } from './commands.js';
import type { PlannedFile } from './types.js';

/** cdk.json: how the CDK CLI runs the app, what `cdk watch` watches, and the feature flags. */
export function cdkPythonJson(): Record<string, unknown> {
  return {
    app: 'python3 app.py',
    watch: {
      include: ['**'],
      exclude: [
        'README.md',
        'cdk*.json',
        'requirements*.txt',
        'source.bat',
        '**/__init__.py',
        '**/__pycache__',
        'tests',
        'events',
      ],
    },
    context: CDK_RECOMMENDED_FLAGS,
  };
}

/** Python keywords (soft keywords are fine as module names). */
const KEYWORDS = new Set(
  'false none true and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/**
 * Top-level modules a package in the project folder would shadow while `python3 app.py` or pytest
 * runs (the project folder comes first on sys.path): the standard library (sys.stdlib_module_names
 * of Python 3.11 plus 3.14's new ones, public names only) and what the CDK app, its tests and the
 * function import.
 */
const SHADOWED = new Set(
  [
    // standard library
    'abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii',
    'bisect builtins bz2 calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall',
    'compression concurrent configparser contextlib contextvars copy copyreg cprofile crypt csv ctypes curses dataclasses',
    'datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp',
    'fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib',
    'heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3',
    'linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt',
    'multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb',
    'pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile',
    'pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets',
    'select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile',
    'sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog',
    'tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace',
    'traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave',
    'weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo',
    // the CDK app and its runtime, pytest, the function's libraries, pip
    'aws_cdk constructs jsii publication typeguard cattrs attr attrs dateutil typing_extensions importlib_resources six',
    'pytest pluggy iniconfig packaging exceptiongroup tomli pygments aws_xray_sdk aws_lambda_powertools wrapt botocore',
    'boto3 jmespath urllib3 s3transfer opentelemetry requests certifi idna charset_normalizer pip setuptools pkg_resources',
  ]
    .join(' ')
    .split(' '),
);

/** Folders the project already has, which the stack package must not land in. */
const PROJECT_FOLDERS = new Set(['hello_world', 'tests', 'events']);

/**
 * The Python package holding the stack: the project name as a Python identifier, like `cdk init`,
 * with `_cdk` appended when that name is a keyword, one of the project's folders, or a module the
 * package would shadow.
 */
export function cdkPythonModule(spec: Pick<ProjectSpec, 'pythonName'>): string {
  let module = spec.pythonName;
  while (KEYWORDS.has(module) || SHADOWED.has(module) || PROJECT_FOLDERS.has(module)) module += '_cdk';
  return module;
}

/** The file that describes the infrastructure, for messages. */
export const cdkPythonMainFile = (spec: Pick<ProjectSpec, 'pythonName'>) => {
  const module = cdkPythonModule(spec);
  return `${module}/${module}_stack.py`;
};

export function cdkPythonFiles(spec: ProjectSpec): PlannedFile[] {
  const module = cdkPythonModule(spec);
  return [
    { path: 'app.py', template: 'iac/cdk-python/app.py.ejs', what: 'the CDK app: creates the stack (`cdk synth` runs it, as cdk.json says)' },
    {
      path: cdkPythonMainFile(spec),
      template: 'iac/cdk-python/stack.py.ejs',
      what: 'the CDK stack: the API, the function, tracing',
    },
    { path: `${module}/__init__.py`, template: 'iac/cdk-python/__init__.py.ejs' },
    { path: 'cdk.json', template: 'iac/cdk-python/cdk.json.ejs', what: 'how the CDK CLI runs the app, and its feature flags' },
    { path: 'requirements.txt', template: 'iac/cdk-python/requirements.txt.ejs', what: 'what the CDK app needs: aws-cdk-lib, constructs' },
    { path: 'requirements-dev.txt', template: 'iac/cdk-python/requirements-dev.txt.ejs', what: 'what the tests need' },
    { path: 'source.bat', template: 'iac/cdk-python/source.bat.ejs', what: 'makes `source .venv/bin/activate` work on Windows' },
    // Empty, as cdk init writes them: tests/ and tests/unit/ are packages.
    { path: 'tests/__init__.py', template: 'iac/cdk-python/__init__.py.ejs' },
    { path: 'tests/unit/__init__.py', template: 'iac/cdk-python/__init__.py.ejs' },
    {
      path: `tests/unit/test_${module}_stack.py`,
      template: 'iac/cdk-python/test_stack.py.ejs',
      what: 'unit tests of the stack: tracing, layer and environment in the synthesized template',
    },
  ];
}

/** What the cdk-python templates see besides the common template data. */
export function cdkPythonTemplateData(spec: ProjectSpec) {
  return {
    pythonModule: cdkPythonModule(spec),
    cdkLibVersion: CDK_LIB_VERSION,
    cdkJson: cdkPythonJson(),
  };
}

/** Printed after `cd DIR`. Nothing is installed for the user: the virtualenv is theirs to make. */
/** The order that works: a virtualenv, its packages, the CDK CLI, then the preview (which needs them), tests, synth, deploy. */
export function cdkPythonNextSteps(spec: ProjectSpec, preview: string): string[] {
  const cdk = spec.packageManager.tool(`aws-cdk@${CDK_CLI_VERSION}`, 'cdk');
  return [
    'python3 -m venv .venv',
    commented('source .venv/bin/activate', 'Windows: .venv\\Scripts\\activate.bat'),
    'pip install -r requirements.txt -r requirements-dev.txt',
    ...(cdk.install ? [commented(cdk.install, 'the CDK CLI')] : []),
    preview,
    commented('python -m pytest tests', 'the handler and the stack'),
    spec.pieces.functionRequirements.length
      ? commented(`${cdk.run} synth`, 'pip (or Docker) installs the function dependencies into their asset')
      : `${cdk.run} synth`,
    commented(`${cdk.run} bootstrap`, 'once per account and region'),
    commented(`${cdk.run} deploy`, `stack ${spec.name} in ${spec.region}`),
    callApi(spec),
    listTraces(spec),
  ];
}
