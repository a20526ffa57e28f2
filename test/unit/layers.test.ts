/**
 * The code's floors (.dependency-cruiser.cjs says which): nothing imports a floor above its own, create and
 * add-tracing do not import each other, and no import circle exists, checked with dependency-cruiser. And no
 * function in src/ runs over 80 lines, measured on the TypeScript syntax tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAX_FUNCTION_LINES = 80;

async function violations(dirs: string[], baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(REPO, '.dependency-cruiser.cjs'));
  const result = await cruise(dirs, { ...options, validate: true, baseDir });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser gave text, not a result');
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the floors of src/', () => {
  it('hold: no import upward, the commands side by side, no circle', async () => {
    expect(await violations(['src', 'generators'], REPO)).toEqual([]);
  }, 60_000);

  it('are enforced: an upward import and a circle are found', async () => {
    const found = await violations(['src'], join(REPO, 'test/fixtures/layers'));
    expect(found).toContain('no-upward-from-shared: src/shared/low.ts -> src/model/high.ts');
    expect(found.some((v) => v.startsWith('no-circular: '))).toBe(true);
  }, 60_000);
});

/** Every function, method and arrow function of a file, with its first line and its length in lines. */
function functionsOf(path: string, text = readFileSync(path, 'utf8')): { name: string; line: number; lines: number }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; line: number; lines: number }[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : '(anonymous)';
      found.push({ name, line: lineOf(node.getStart(source)), lines: lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));

describe('the functions of src/', () => {
  it(`run ${MAX_FUNCTION_LINES} lines at most`, () => {
    const files = sourceFiles(join(REPO, 'src'));
    const all = files.flatMap((path) => functionsOf(path).map((f) => ({ ...f, path: relative(REPO, path) })));
    expect(all.length).toBeGreaterThan(100);
    const long = all.filter((f) => f.lines > MAX_FUNCTION_LINES).map((f) => `${f.path}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(long).toEqual([]);
  });

  it('are measured from their first line to their last, nested ones too', () => {
    expect(functionsOf(join(REPO, 'test/fixtures/layers/src/model/high.ts'))).toEqual([{ name: 'high', line: 4, lines: 1 }]);
    const body = Array.from({ length: 79 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `// a file\nexport function long() {\n${body}\n  return () => {\n    return 1;\n  };\n}\n`;
    expect(functionsOf('long.ts', text)).toEqual([
      { name: 'long', line: 2, lines: 84 },
      { name: '(anonymous)', line: 82, lines: 3 },
    ]);
  });
});
