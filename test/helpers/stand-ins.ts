/** Stand-in commands for tests: small bash scripts put first on PATH that record how they were called (in $CALLS). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes an executable bash script `name` into `bin`. */
export async function standIn(bin: string, name: string, lines: string[]): Promise<void> {
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, name), ['#!/usr/bin/env bash', ...lines, ''].join('\n'), { mode: 0o755 });
}

/**
 * A stand-in python3 for local pip installs (the CDK stacks' bundling, deploy.sh): records its arguments
 * and "installs" a marker package into --target, so nothing needs PyPI or Docker and the test sees what
 * pip was asked.
 */
export const fakePython = (bin: string) =>
  standIn(bin, 'python3', [
    'echo "python3 $*" >> "$CALLS"',
    't=""; while [ $# -gt 0 ]; do [ "$1" = --target ] && t="$2"; shift; done',
    '[ -n "$t" ] && mkdir -p "$t/installed_by_pip" && echo "# stand-in" > "$t/installed_by_pip/__init__.py"',
    'exit 0',
  ]);
