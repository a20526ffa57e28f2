/** The real interactive prompts, driven through a pseudo-terminal (Python's pty module). */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, filesIn, snapshot } from '../helpers/cli.js';
import { PYTHON } from '../helpers/tools.js';

const DRIVER = fileURLToPath(new URL('../tools/pty_drive.py', import.meta.url));
const ENTER = '\r';
const DOWN = '\u001b[B';
const CTRL_C = '\u0003';

interface PtyRun {
  exitCode: number | null;
  transcript: string;
  timedOut: boolean;
}

async function drive(cwd: string, args: string[], script: [string, string][]): Promise<PtyRun> {
  const env = { ...process.env, CI: undefined, TERM: 'xterm-256color', AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined };
  const { stdout } = await execa(PYTHON, [DRIVER, JSON.stringify(script), '--', process.execPath, BIN, ...args], {
    cwd,
    env,
    extendEnv: false,
    timeout: 300_000,
  });
  return JSON.parse(stdout) as PtyRun;
}

/** What a run printed, line by line, less inquirer's questions and answers. */
// What stays on the screen: a line redrawn in place (a carriage return, as the lint check's elapsed time is)
// shows its last drawing.
const said = (run: PtyRun) =>
  run.transcript
    .split(/\r?\n/)
    .map((line) => line.split('\r').at(-1)!)
    .filter((line) => !/^[?✔] /.test(line));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctl-pty-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.concurrent('interactive prompts (pseudo-terminal)', () => {
  it('asks directory, tracing, IaC, runtime and architecture, shows a summary, then creates the project', async () => {
    const run = await drive(root, ['--no-git'], [
      ['Project directory', `pty-api${ENTER}`],
      ['Tracing', `${DOWN}${ENTER}`], // adot
      ['Infrastructure as code', ENTER], // sam
      ['Python runtime', ENTER], // python3.13, the default
      ['Architecture', `${DOWN}${ENTER}`], // arm64
      ['Create the project\\?', ENTER],
    ]);
    expect(run.timedOut, run.transcript).toBe(false);
    expect(run.exitCode, run.transcript).toBe(0);
    // every choice shows its one-line description
    expect(run.transcript).toContain('AWS Distro for OpenTelemetry layer: no tracing code in the function');
    expect(run.transcript).toMatch(/create-traced-lambda will create:[\s\S]*tracing\s+adot[\s\S]*arch\s+arm64/);
    const template = await readFile(join(root, 'pty-api', 'template.yaml'), 'utf8');
    expect(template).toContain('AWSOpenTelemetryDistroPython');
    expect(template).toMatch(/Architectures:\s+- arm64/);
  });

  it('skips the questions that flags answered', async () => {
    const run = await drive(root, ['flagged', '--tracing', 'xray-sdk', '--arch', 'arm64', '--no-git'], [
      ['Infrastructure as code', ENTER],
      ['Python runtime', ENTER],
      ['Create the project\\?', ENTER],
    ]);
    expect(run.exitCode, run.transcript).toBe(0);
    expect(run.transcript).not.toContain('Project directory');
    expect(run.transcript).not.toMatch(/\? Tracing/);
    expect(run.transcript).not.toMatch(/\? Architecture/);
    expect(await readFile(join(root, 'flagged', 'dependencies', 'requirements.txt'), 'utf8')).toContain('aws-xray-sdk==2.15.0');
  });

  it('answers given at the prompts (run by Yeoman) and the same answers as flags (run without it) write the same project and say the same', async () => {
    const [asked, flagged] = [await mkdtemp(join(root, 'asked-')), await mkdtemp(join(root, 'flagged-'))];
    const prompted = await drive(asked, ['--no-git'], [
      ['Project directory', `same-api${ENTER}`],
      ['Tracing', `${DOWN}${DOWN}${ENTER}`], // xray-sdk, whose notice is an "info" line
      ['Infrastructure as code', ENTER],
      ['Python runtime', ENTER],
      ['Architecture', ENTER],
      ['Create the project\\?', ENTER],
    ]);
    const given = await drive(flagged, ['same-api', '--tracing', 'xray-sdk', '--iac', 'sam', '--yes', '--no-git'], []);
    expect(prompted.exitCode, prompted.transcript).toBe(0);
    expect(given.exitCode, given.transcript).toBe(0);
    expect(await filesIn(join(flagged, 'same-api'))).toEqual(await filesIn(join(asked, 'same-api')));
    // From the summary on, both runs print the same lines.
    const fromSummary = (run: PtyRun, cwd: string) => {
      const lines = said(run).map((line) => line.replaceAll(cwd, 'CWD'));
      return lines.slice(lines.indexOf('create-traced-lambda will create:'));
    };
    const printed = fromSummary(given, flagged);
    expect(printed).toEqual(fromSummary(prompted, asked));
    expect(printed[0]).toBe('create-traced-lambda will create:');
    expect(printed).toContainEqual(expect.stringMatching(/^ {5}info The AWS X-Ray SDK for Python is in maintenance mode/));
    expect(printed).toContain('Done. same-api is in CWD/same-api. Next steps:');
  });

  it('--yes asks nothing, even on a terminal', async () => {
    const run = await drive(root, ['yes-api', '--yes', '--no-git'], []);
    expect(run.exitCode, run.transcript).toBe(0);
    expect(run.transcript).not.toMatch(/^[?✔] /m); // inquirer's question and answer marks
    expect(existsSync(join(root, 'yes-api', 'template.yaml'))).toBe(true);
  });

  it('Ctrl-C at a prompt exits 130 with one "cancelled" line and writes nothing', async () => {
    const cwd = await mkdtemp(join(root, 'cancel-'));
    const before = await snapshot(cwd);
    const run = await drive(cwd, [], [['Tracing|Project directory', CTRL_C]]);
    expect(run.exitCode).toBe(130);
    expect(run.transcript.trim().split(/\r?\n/).at(-1)).toBe('cancelled');
    expect(run.transcript).not.toMatch(/error|at .*:\d+:\d+/i);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('answering no at the summary exits 130 and writes nothing', async () => {
    const cwd = await mkdtemp(join(root, 'decline-'));
    const run = await drive(cwd, ['declined', '--no-git'], [
      ['Tracing', ENTER],
      ['Infrastructure as code', ENTER],
      ['Python runtime', ENTER],
      ['Architecture', ENTER],
      ['Create the project\\?', `n${ENTER}`],
    ]);
    expect(run.exitCode, run.transcript).toBe(130);
    expect(existsSync(join(cwd, 'declined'))).toBe(false);
  });

  it('re-asks for a directory that is not empty, naming --force', async () => {
    const cwd = await mkdtemp(join(root, 'reask-'));
    await drive(cwd, ['taken', '--yes', '--no-git'], []);
    const run = await drive(cwd, ['--no-git'], [
      ['Project directory', `taken${ENTER}`],
      ['not empty', `\u0015fresh${ENTER}`], // Ctrl-U clears the line, then a new name
      ['Tracing', ENTER],
      ['Infrastructure as code', ENTER],
      ['Python runtime', ENTER],
      ['Architecture', ENTER],
      ['Create the project\\?', ENTER],
    ]);
    expect(run.exitCode, run.transcript).toBe(0);
    expect(run.transcript).toContain('--force');
    expect(existsSync(join(cwd, 'fresh', 'template.yaml'))).toBe(true);
  });

  it('add-tracing asks the flavor, shows the diff, and writes only after a yes', async () => {
    const cwd = await mkdtemp(join(root, 'add-tracing-'));
    const fixture = fileURLToPath(new URL('../fixtures/add-tracing/sam-hello.yaml', import.meta.url));
    await copyFile(fixture, join(cwd, 'template.yaml'));
    const declined = await drive(cwd, ['add-tracing'], [
      ['Tracing', `${DOWN}${ENTER}`], // adot
      ['Write these changes', `n${ENTER}`],
    ]);
    expect(declined.exitCode, declined.transcript).toBe(130);
    expect(declined.transcript).toContain('+    Tracing: Active');
    expect(await readFile(join(cwd, 'template.yaml'), 'utf8')).toBe(await readFile(fixture, 'utf8'));
    const accepted = await drive(cwd, ['add-tracing', '--tracing', 'adot'], [['Write these changes', ENTER]]);
    expect(accepted.exitCode, accepted.transcript).toBe(0);
    expect(await readFile(join(cwd, 'template.yaml'), 'utf8')).toContain('AWS_LAMBDA_EXEC_WRAPPER');
    // --yes, run without Yeoman, writes the same template and says the same, less the question.
    const flagged = await mkdtemp(join(root, 'add-tracing-yes-'));
    await copyFile(fixture, join(flagged, 'template.yaml'));
    const given = await drive(flagged, ['add-tracing', '--tracing', 'adot', '--yes'], []);
    expect(given.exitCode, given.transcript).toBe(0);
    expect(await readFile(join(flagged, 'template.yaml'), 'utf8')).toBe(await readFile(join(cwd, 'template.yaml'), 'utf8'));
    expect(said(given)).toEqual(said(accepted));
  });
});
