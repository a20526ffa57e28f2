/**
 * The template engine: renders a template of templates/ from its compiled body (./template-bodies.ts gives
 * it: ejs compiles it from the source, the build puts the bodies in dist/templates.json.br). Every command
 * renders through it.
 */
import { posix } from 'node:path';
import { templateBody } from './template-bodies.js';

type TemplateFunction = (locals: object, escapeFn: (value: unknown) => string, include: (path: string, data?: object) => string) => string;
const compiled = new Map<string, TemplateFunction>();

/** Output is not HTML: values are written as they are (the templates quote with yaml(), py() and friends). */
const asIs = (value: unknown) => String(value);

/**
 * Renders `name` (a path under templates/) as ejs.render would with `root` at templates/: the body runs
 * with a copy of the data as its locals, and include() takes '/path' from templates/ and 'path' from
 * the template's own folder (with its extension), each with the data plus what the include adds.
 */
export function renderTemplate(name: string, data: object): string {
  let fn = compiled.get(name);
  if (!fn) {
    // Sloppy-mode code, as ejs makes it: the body reads the locals through `with`.
    fn = new Function('locals, escapeFn, include, rethrow', templateBody(name)) as TemplateFunction;
    compiled.set(name, fn);
  }
  const include = (path: string, extra?: object) => {
    const target = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(name), path);
    return renderTemplate(target, extra ? { ...data, ...extra } : data);
  };
  return fn(Object.assign(Object.create(null) as object, data), asIs, include);
}

