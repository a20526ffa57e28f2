/**
 * Where the templates' compiled bodies come from. Here, in the source: ejs compiles each template of
 * templates/ when it is first rendered. The build (scripts/build.js, `compiledTemplates`) runs this module
 * over every template, writes the bodies to dist/templates.json.br, and bundles in its place a module that
 * reads them: a generation then runs no template compiler, and the package carries no templates/ folder
 * and no ejs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { PACKAGE_ROOT } from './root.js';

/** ejs's options that shape a compiled body. */
const EJS_OPTIONS = { compileDebug: false } as const;

/** The body of the function `(locals, escapeFn, include, rethrow)` that ejs compiles `name` (a path under templates/) to. */
export function templateBody(name: string): string {
  const template = new ejs.Template(readFileSync(join(PACKAGE_ROOT, 'templates', name), 'utf8'), EJS_OPTIONS);
  template.compile();
  return template.source;
}
