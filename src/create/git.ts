/** git init for the new project. A missing or failing git is a warning, never an error. */

/** Runs git init in `dir` unless git is missing or `dir` is already in a work tree; returns a warning, if any. */
export async function gitInit(dir: string): Promise<string | undefined> {
  const { execa } = await import('execa');
  const version = await execa('git', ['--version'], { reject: false, stdin: 'ignore' });
  if (version.failed) return 'git was not found, so no repository was created. Run `git init` later if you want one.';
  const inside = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, reject: false, stdin: 'ignore' });
  if (inside.stdout.trim() === 'true') return undefined;
  const init = await execa('git', ['init', '--quiet'], { cwd: dir, reject: false, stdin: 'ignore' });
  if (init.failed) return `git init failed (${init.stderr.trim() || init.shortMessage}). Run it by hand: cd ${dir} && git init`;
  return undefined;
}
