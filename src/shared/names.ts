/** Rules for the project name, which becomes a stack, service and module name. */

/** CloudFormation stack names: a letter, then letters, digits and hyphens, 128 at most. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** A valid stack name close to `text`, or undefined when nothing usable is left. */
export function suggestName(text: string): string | undefined {
  const cleaned = text
    .normalize('NFKD') // é -> e + a combining accent, which the next step drops
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/-{2,}/g, '-')
    .slice(0, 128)
    .replace(/-+$/, '');
  return cleaned || undefined;
}

export function nameProblem(name: string): string | undefined {
  if (STACK_NAME.test(name)) return undefined;
  const suggestion = suggestName(name);
  return (
    `${JSON.stringify(name)} cannot be a stack name: use letters, digits and hyphens, starting with a letter, 128 characters at most.` +
    (suggestion ? ` Try --name ${suggestion}.` : ' Pass --name with a valid name.')
  );
}

/** The name as a Python identifier (module names). */
export const pythonName = (name: string) => name.toLowerCase().replace(/-/g, '_');
